import { once } from 'node:events';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  POSITIONS_BODY_LIMIT_BYTES,
  POSITIONS_MAX_REPORTED_REJECTIONS,
  POSITIONS_MAX_STATES,
  openSkyStatesBodySchema,
  parsePositionsBody,
} from './opensky-states';

/** A state vector as OpenSky answers it (17 fields, callsign padded to 8). */
function state(overrides: Record<number, unknown> = {}): unknown[] {
  const vector: unknown[] = [
    '800C2E',
    'IGO2134 ',
    'India',
    1763719200,
    1763719201,
    77.0254,
    28.4311,
    2743.2,
    false,
    128.6,
    271.4,
    -6.5,
    null,
    2819.4,
    '4317',
    false,
    0,
  ];
  for (const [index, value] of Object.entries(overrides)) vector[Number(index)] = value;
  return vector;
}

function parseOk(body: unknown) {
  const result = parsePositionsBody(body);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.body;
}

describe('reading a positions body', () => {
  it('reads OpenSky state vectors with named fields, callsign unpadded and icao24 lower case', () => {
    const body = parseOk({ time: 1763719201, states: [state(), [...state({ 0: '4240ec' }), 4]] });
    expect(body.time).toBe(1763719201);
    expect(body.rejected).toEqual([]);
    expect(body.states[0]).toEqual({
      icao24: '800c2e',
      callsign: 'IGO2134',
      originCountry: 'India',
      timePosition: 1763719200,
      lastContact: 1763719201,
      longitude: 77.0254,
      latitude: 28.4311,
      baroAltitude: 2743.2,
      onGround: false,
      velocity: 128.6,
      trueTrack: 271.4,
      verticalRate: -6.5,
      sensors: null,
      geoAltitude: 2819.4,
      squawk: '4317',
      spi: false,
      positionSource: 0,
      category: null,
    });
    expect(body.states[1]?.category).toBe(4);
  });

  it('takes the nulls OpenSky documents, and `states: null` for an empty sky', () => {
    const nulls = state({ 1: null, 3: null, 5: null, 6: null, 7: null, 9: null, 10: null });
    const body = parseOk({ time: 1, states: [nulls, state({ 1: '        ', 12: [1, 2] })] });
    expect(body.states).toHaveLength(2);
    expect(body.states[0]).toMatchObject({ callsign: null, latitude: null, velocity: null });
    expect(body.states[1]).toMatchObject({ callsign: null, sensors: [1, 2] });
    expect(parseOk({ time: 1763719201, states: null }).states).toEqual([]);
  });

  it('matches the full schema on what OpenSky itself answers', () => {
    const answer = { time: 1763719201, states: [state(), [...state(), 6]] };
    expect(openSkyStatesBodySchema.safeParse(answer).success).toBe(true);
    expect(openSkyStatesBodySchema.safeParse({ time: 1, states: [state({ 6: 95 })] }).success).toBe(
      false,
    );
  });

  it.each([
    [null, 'body: must be an object'],
    [[state()], 'body: must be an object'],
    ['{"time":1}', 'body: must be an object'],
    [{ states: [] }, 'time:'],
    [{ time: '1763719201', states: [] }, 'time:'],
    [{ time: 1.5, states: [] }, 'time: must be a whole number of seconds'],
    [{ time: 1 }, 'states: must be an array of state vectors or null'],
    [{ time: 1, states: { 0: state() } }, 'states: must be an array of state vectors or null'],
  ])('refuses the whole of a malformed body %j', (body, message) => {
    const result = parsePositionsBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('refuses a body with more states than the limit', () => {
    const states = new Array<unknown>(POSITIONS_MAX_STATES + 1).fill(state());
    const result = parsePositionsBody({ time: 1, states });
    expect(result).toEqual({
      ok: false,
      message: `states: must hold at most ${POSITIONS_MAX_STATES} state vectors`,
    });
  });

  it.each([
    [state().slice(0, 16), 'states[1]: must have 17 fields (18 with category), has 16'],
    [[...state(), 4, 'extra'], 'states[1]: must have 17 fields (18 with category), has 19'],
    ['800c2e', 'states[1]: must be an array (an OpenSky state vector)'],
    [state({ 0: 'XYZ' }), 'states[1][0] icao24: must be a 24-bit ICAO address'],
    [state({ 1: 'TOOLONGCALL' }), 'states[1][1] callsign: must be at most 8 characters'],
    [state({ 4: null }), 'states[1][4] last_contact: must be a whole number of seconds, got null'],
    [state({ 5: '77.1' }), 'states[1][5] longitude: must be a number or null, got "77.1"'],
    [state({ 5: 180.5 }), 'states[1][5] longitude: must be between -180 and 180, got 180.5'],
    [state({ 6: -90.01 }), 'states[1][6] latitude: must be between -90 and 90, got -90.01'],
    [state({ 8: 'false' }), 'states[1][8] on_ground: must be true or false'],
    [state({ 9: -3 }), 'states[1][9] velocity: must not be negative, got -3'],
    [state({ 10: 361 }), 'states[1][10] true_track: must be between 0 and 360'],
    [state({ 16: 7 }), 'states[1][16] position_source: must be 0 (ADS-B)'],
    [[...state(), 21], 'states[1][17] category: must be an aircraft category 0–20'],
  ])('refuses one bad state vector by index and field, keeps the others: %j', (bad, message) => {
    const body = parseOk({ time: 1, states: [state(), bad, state({ 0: 'abcdef' })] });
    expect(body.states.map((entry) => entry.icao24)).toEqual(['800c2e', 'abcdef']);
    expect(body.rejectedCount).toBe(1);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]?.index).toBe(1);
    expect(body.rejected[0]?.message).toContain(message);
  });

  it('names the aircraft of a refused state when its address is readable', () => {
    const body = parseOk({ time: 1, states: [state({ 6: 91 })] });
    expect(body.rejected[0]).toMatchObject({ index: 0, icao24: '800c2e' });
  });

  it('lists a bounded number of refusals but counts them all', () => {
    const states = Array.from({ length: 250 }, () => state({ 5: 999 }));
    const body = parseOk({ time: 1, states });
    expect(body.rejectedCount).toBe(250);
    expect(body.rejected).toHaveLength(POSITIONS_MAX_REPORTED_REJECTIONS);
  });
});

describe('the body limit, applied the way the endpoint applies it (express.json)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    if (server) await once(server, 'close');
    server = undefined;
  });

  async function startEndpoint(): Promise<{ port: number; parsed: () => number }> {
    let parsedBodies = 0;
    const app = express();
    app.post(
      '/api/feed/positions',
      express.json({ limit: POSITIONS_BODY_LIMIT_BYTES }),
      (req, res) => {
        parsedBodies += 1;
        const result = parsePositionsBody(req.body as unknown);
        res.status(result.ok ? 200 : 400).json(result.ok ? {} : { error: result.message });
      },
    );
    app.use(
      (
        error: { status?: number },
        _req: express.Request,
        res: express.Response,
        _next: unknown,
      ) => {
        res.status(error.status ?? 500).json({ error: 'refused' });
      },
    );
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { port: (server.address() as AddressInfo).port, parsed: () => parsedBodies };
  }

  /** Sends `size` bytes of a JSON body, with or without Content-Length; resolves the status. */
  function post(port: number, size: number, chunked: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/feed/positions',
          headers: {
            'content-type': 'application/json',
            ...(chunked ? {} : { 'content-length': String(size) }),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server may answer and close before the whole body is written: that is the point.
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
      });
      const head = '{"time":1,"states":[';
      const filler = ' '.repeat(64 * 1024);
      req.write(head);
      let written = head.length;
      const writeMore = (): void => {
        while (written < size - 2) {
          const chunk = filler.slice(0, Math.min(filler.length, size - 2 - written));
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', writeMore);
            return;
          }
        }
        req.end(']}');
      };
      writeMore();
    });
  }

  it('refuses a 10 MB body with 413 before parsing it, with or without Content-Length', async () => {
    const endpoint = await startEndpoint();
    expect(await post(endpoint.port, 10 * 1024 * 1024, false)).toBe(413);
    expect(await post(endpoint.port, 10 * 1024 * 1024, true)).toBe(413);
    expect(endpoint.parsed()).toBe(0);
    expect(await post(endpoint.port, 1024 * 1024, false)).toBe(200);
    expect(endpoint.parsed()).toBe(1);
  });
});
