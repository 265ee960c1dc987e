import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { addApiKey, revokeApiKey } from '../feed/api-keys';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

const ZONE = 'Asia/Kolkata';
const today = DateTime.now().setZone(ZONE).toISODate()!;
const at = (hhmm: string, date = today) =>
  DateTime.fromISO(`${date}T${hhmm}`, { zone: ZONE }).toUTC().toISO()!;

async function hubWithSchedule(options: Parameters<typeof startTestHub>[0] = {}): Promise<TestHub> {
  const started = await startTestHub({ keepDataDir: true, ...options });
  const csv = [
    'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type',
    `XX,101,DEL,BOM,23:10,23:59,${today},${today},1234567,320`,
    `YY,202,BOM,DEL,21:00,23:05,${today},${today},1234567,321`,
  ].join('\n');
  const imported = await fetch(`${started.url}/api/schedules?format=csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await started.login('super')}` },
    body: csv,
  });
  expect(imported.status).toBe(200);
  return started;
}

async function feed(key: string, messages: unknown[], path = 'flights') {
  const response = await fetch(`${hub!.url}/api/feed/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { results: Record<string, unknown>[] },
  };
}

const departure = { airline: 'XX', flightNumber: '101', direction: 'departure', date: today };
const arrival = { airline: 'YY', flightNumber: '202', direction: 'arrival', date: today };

describe('the operational feed (POST /api/feed/flights)', () => {
  it('applies messages as changes by feed:<key>, in order, each with its result', async () => {
    hub = await hubWithSchedule();
    const key = await addApiKey(hub.dataDir, { name: 'aodb' });
    await hub.hub.close();
    await hub.restart();
    const agent = await hub.connect(await hub.login('agent1'));
    const heard: string[] = [];
    agent.on('flight:changed', (change) => heard.push(change.change.by));

    const result = await feed(key, [
      { messageId: 'm1', ...departure, set: { gate: '14', etd: at('23:40'), delayCode: '93' } },
      { messageId: 'm2', ...arrival, set: { eta: at('23:25'), stand: 'R14', status: 'AIRBORNE' } },
      { messageId: 'm3', ...departure, flightNumber: '999', set: { gate: '15' } },
      { messageId: 'm4', ...departure, set: { belt: '5' } },
      { messageId: 'm5', ...departure, set: { colour: 'red' } },
    ]);
    expect(result.status).toBe(200);
    expect(result.body.results).toEqual([
      { messageId: 'm1', ok: true, flightId: `D-XX0101-${today}`, seq: expect.any(Number) },
      { messageId: 'm2', ok: true, flightId: `A-YY0202-${today}`, seq: expect.any(Number) },
      {
        messageId: 'm3',
        ok: false,
        error: { code: 'NOT_FOUND', message: expect.stringMatching(/create/) },
      },
      {
        messageId: 'm4',
        ok: false,
        error: { code: 'INVALID', message: expect.stringMatching(/^belt: /) },
      },
      {
        messageId: 'm5',
        ok: false,
        error: { code: 'INVALID', message: expect.stringMatching(/colour/) },
      },
    ]);
    await expect.poll(() => heard).toEqual(['feed:aodb', 'feed:aodb']);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^jetbridge_feed_messages_total\{result="ok"\} 2$/m);
    expect(metrics).toMatch(/^jetbridge_feed_messages_total\{result="refused"\} 3$/m);
    const snapshot = await request(agent, 'flights:snapshot', {});
    const flight = snapshot.ok ? snapshot.flights.find((f) => f.id === `D-XX0101-${today}`) : null;
    expect(flight).toMatchObject({
      gate: '14',
      etd: at('23:40'),
      delayCode: '93',
      updatedBy: 'feed:aodb',
    });
  });

  it('answers a repeated messageId with its first result and changes nothing, also after a restart', async () => {
    hub = await hubWithSchedule();
    const key = await addApiKey(hub.dataDir, { name: 'aodb' });
    await hub.restart();
    const message = { messageId: 'gate-1', ...departure, set: { gate: '21' } };
    const first = await feed(key, [message]);
    const refused = { messageId: 'bad-1', ...departure, set: { etd: 'soon' } };
    const firstRefusal = await feed(key, [refused]);
    await hub.restart();
    // The same messages again after the restart; meanwhile an agent changed the gate.
    const agent = await hub.connect(await hub.login('agent1'));
    const before = await request(agent, 'flights:snapshot', {});
    const version = before.ok
      ? before.flights.find((f) => f.id === `D-XX0101-${today}`)!.version
      : 0;
    await request(agent, 'flight:update', {
      flightId: `D-XX0101-${today}`,
      baseVersion: version,
      opId: crypto.randomUUID(),
      changes: { gate: '22' },
    });
    const seqBefore = (await request(agent, 'flights:snapshot', {})) as { seq: number };
    const again = await feed(key, [message, refused]);
    expect(again.body.results).toEqual([first.body.results[0], firstRefusal.body.results[0]]);
    const after = await request(agent, 'flights:snapshot', {});
    expect(after.ok && after.seq).toBe(seqBefore.seq);
    expect(after.ok && after.flights.find((f) => f.id === `D-XX0101-${today}`)?.gate).toBe('22');
  });

  it('holds a field an agent set by hand within the hold, and takes it after', async () => {
    let clock = Date.now();
    hub = await hubWithSchedule({ now: () => new Date(clock), feedHoldMin: 30, sessionHours: 48 });
    const key = await addApiKey(hub.dataDir, { name: 'aodb' });
    await hub.restart();
    const agent = await hub.connect(await hub.login('agent1'));
    const snapshot = await request(agent, 'flights:snapshot', {});
    const flight = snapshot.ok ? snapshot.flights.find((f) => f.id === `D-XX0101-${today}`)! : null;
    const edit = await request(agent, 'flight:update', {
      flightId: flight!.id,
      baseVersion: flight!.version,
      opId: crypto.randomUUID(),
      changes: { gate: '9', remark: 'Gate moved for wheelchair access' },
    });
    expect(edit.ok).toBe(true);

    const held = await feed(key, [
      { messageId: 'h1', ...departure, set: { gate: '30', stand: 'C4', remark: 'AODB remark' } },
    ]);
    expect(held.body.results[0]).toMatchObject({ ok: true, held: ['gate', 'remark'] });
    const now = await request(agent, 'flights:snapshot', {});
    expect(now.ok && now.flights.find((f) => f.id === flight!.id)).toMatchObject({
      gate: '9',
      stand: 'C4',
    });

    clock += 31 * 60_000;
    const later = await feed(key, [{ messageId: 'h2', ...departure, set: { gate: '30' } }]);
    expect(later.body.results[0]).toMatchObject({ ok: true, seq: expect.any(Number) });
    expect(later.body.results[0]).not.toHaveProperty('held');
  });

  it('creates an ad hoc flight, keeps a key to its airlines, refuses times of a departed flight', async () => {
    hub = await hubWithSchedule();
    const charter = await addApiKey(hub.dataDir, { name: 'charter-ops', airlines: ['ZZ'] });
    const aodb = await addApiKey(hub.dataDir, { name: 'aodb' });
    await hub.restart();
    const created = await feed(charter, [
      {
        messageId: 'c1',
        airline: 'ZZ',
        flightNumber: '7001',
        direction: 'departure',
        date: today,
        create: { origin: 'DEL', destination: 'GOI', std: at('23:30'), sta: at('23:59') },
        set: { gate: '40' },
      },
      { messageId: 'c2', ...departure, set: { gate: '41' } },
      {
        messageId: 'c3',
        airline: 'ZZ',
        flightNumber: '7002',
        direction: 'departure',
        date: today,
        create: { origin: 'BOM', destination: 'GOI', std: at('23:30'), sta: at('23:59') },
      },
    ]);
    expect(created.body.results).toEqual([
      { messageId: 'c1', ok: true, flightId: `D-ZZ7001-${today}`, seq: expect.any(Number) },
      {
        messageId: 'c2',
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/XX/) },
      },
      {
        messageId: 'c3',
        ok: false,
        error: { code: 'INVALID', message: expect.stringMatching(/^origin: /) },
      },
    ]);
    const agent = await hub.connect(await hub.login('agent1'));
    const snapshot = await request(agent, 'flights:snapshot', {});
    expect(snapshot.ok && snapshot.flights.find((f) => f.id === `D-ZZ7001-${today}`)).toMatchObject(
      {
        flightNumber: 'ZZ 7001',
        source: 'adhoc',
        gate: '40',
        destinationCity: 'Goa',
      },
    );

    // A charter leaving in 20 minutes (local date of its departure) departs; then nothing moves it.
    const soon = DateTime.now().setZone(ZONE).plus({ minutes: 20 });
    const charterFlight = {
      airline: 'ZZ',
      flightNumber: '7003',
      direction: 'departure',
      date: soon.toISODate(),
    };
    const departed = await feed(aodb, [
      {
        messageId: 'd0',
        ...charterFlight,
        create: {
          origin: 'DEL',
          destination: 'GOI',
          std: soon.toUTC().toISO(),
          sta: soon.plus({ hours: 2 }).toUTC().toISO(),
        },
      },
      {
        messageId: 'd1',
        ...charterFlight,
        set: { status: 'DEPARTED', atd: DateTime.now().toUTC().toISO() },
      },
      {
        messageId: 'd2',
        ...charterFlight,
        set: { etd: soon.plus({ minutes: 30 }).toUTC().toISO(), delayCode: '93' },
      },
    ]);
    expect(departed.body.results[0]).toMatchObject({ ok: true });
    expect(departed.body.results[1]).toMatchObject({ ok: true });
    expect(departed.body.results[2]).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID',
        message: expect.stringMatching(/DEPARTED and takes no further gate or time changes/),
      },
    });
  });

  it('takes only keys, only on /api/feed, and a revoked key stops at once', async () => {
    hub = await hubWithSchedule();
    const key = await addApiKey(hub.dataDir, { name: 'aodb' });
    await hub.restart();
    const staff = await hub.login('super');
    expect((await feed(staff, [{ messageId: 'x', ...departure, set: { gate: '1' } }])).status).toBe(
      401,
    );
    const elsewhere = await fetch(`${hub.url}/api/flights`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(elsewhere.status).toBe(401);
    expect(await hub.connectError({ token: key })).toBe('UNAUTHORIZED');
    const list = await fetch(`${hub.url}/api/feed/flights`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(((await list.json()) as { flights: unknown[] }).flights.length).toBeGreaterThanOrEqual(
      2,
    );

    await revokeApiKey(hub.dataDir, 'aodb');
    await expect
      .poll(
        async () =>
          (await feed(key, [{ messageId: 'y', ...departure, set: { gate: '2' } }])).status,
      )
      .toBe(401);
    expect((await feed(key, new Array(1001).fill({}))).status).toBe(401);
  });

  it('refuses a malformed body and more than 1,000 messages', async () => {
    hub = await hubWithSchedule();
    const key = await addApiKey(hub.dataDir, { name: 'aodb' });
    await hub.restart();
    expect((await feed(key, [])).status).toBe(400);
    const many = await feed(key, new Array(1001).fill({ messageId: 'x' }));
    expect(many).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/1000 messages/) } },
    });
  });
});
