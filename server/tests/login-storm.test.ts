import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Passwords from '../auth/passwords';
import { startTestHub, type TestHub } from '../../test-support/hub-harness';

// Every password check of the hub goes through here: counted, and held until the test lets the
// checks go on, so all guesses are truly in flight at the same time.
const checks = vi.hoisted(() => {
  const state = {
    started: 0,
    gate: Promise.resolve(),
    open: () => {},
    hold() {
      state.gate = new Promise<void>((resolve) => (state.open = resolve));
    },
  };
  return state;
});
vi.mock('../auth/passwords', async (importOriginal) => {
  const original = await importOriginal<typeof Passwords>();
  return {
    ...original,
    checkPassword: async (hash: string | null, password: string) => {
      checks.started += 1;
      await checks.gate;
      return original.checkPassword(hash, password);
    },
  };
});

let hub: TestHub;
afterEach(async () => {
  checks.open();
  await hub?.close();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function login(username: string, password: string) {
  return fetch(`${hub.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  }).then(async (response) => ({
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { error?: { code: string } },
  }));
}

describe('a storm of concurrent sign-in guesses', () => {
  it('checks at most 5 passwords of one user, refuses the rest and the right one', async () => {
    hub = await startTestHub();
    checks.started = 0;
    checks.hold();
    let answered = 0;
    const counted = <T>(answer: Promise<T>) => answer.finally(() => (answered += 1));
    const guesses = Array.from({ length: 299 }, (_, i) => counted(login('super', `guess-${i}`)));
    // The first checks hold their slots while the other guesses are still in flight.
    await until(() => checks.started >= 5, 'the first checks to start');
    const right = counted(login('super', 'demo'));
    // Everything but the five held checks is answered without waiting for them.
    await until(() => answered >= 295, 'the other guesses to be refused');
    checks.open();
    const answers = [...(await Promise.all(guesses)), await right];

    expect(checks.started).toBe(5);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(295);
    for (const answer of refused) {
      expect(answer.body.error?.code).toBe('RATE_LIMITED');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(15 * 60);
    }
    expect((await right).status).toBe(429);
    // Still locked once the storm is over, and still without checking.
    expect((await login('super', 'demo')).status).toBe(429);
    expect(checks.started).toBe(5);
    // Another user is not affected.
    expect((await login('agent1', 'demo')).status).toBe(200);
  }, 60_000);

  it('checks at most 20 passwords from one address across many usernames', async () => {
    hub = await startTestHub();
    checks.started = 0;
    checks.hold();
    const guesses = Array.from({ length: 60 }, (_, i) => login(`user${i}`, 'guess'));
    await until(() => checks.started >= 20, 'the first checks to start');
    const right = login('agent1', 'demo');
    checks.open();
    const answers = await Promise.all([...guesses, right]);
    expect(checks.started).toBe(20);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(20);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(41);
  }, 60_000);

  it('gives the slot of a successful sign-in back to the address', async () => {
    hub = await startTestHub({ loginThrottle: { maxPerAddress: 3 } });
    // Ten good sign-ins from one address in a row: none of them counts against the next.
    for (let i = 0; i < 10; i += 1) expect((await login('agent1', 'demo')).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await login('agent1', 'wrong')).status).toBe(401);
    expect((await login('agent1', 'demo')).status).toBe(429);
  });
});
