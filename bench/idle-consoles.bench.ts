/**
 * 1,000 consoles (issue 9, item 7): 1,000 connected socket.io clients (a child process) idle on
 * the hub (its own process, `bench/support/bench-hub.ts`), while 20 editors make 2 changes/s
 * each (40/s) for 20 s. Measures each editor's ack (emit → ack, targets p99 ≤ 100 ms), how long
 * the last console waited for each change, and the hub's heap per idle console (after full GCs,
 * with and without the consoles; target ≤ 15 KB).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_PASSWORD, latencySummary, writeBenchDataFolder } from './support/bench-data';
import { REPO, connectClient, login, sleep, startBenchHubProcess } from './support/bench-clients';

const CONSOLES = 1_000;
const EDITORS = 20;
const PER_EDITOR_PER_S = 2;
const DURATION_MS = 20_000;
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

export default async function idleConsoles() {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-consoles-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  let swarm: ChildProcess | null = null;
  try {
    const flights = await writeBenchDataFolder(dataDir, {
      flights: 2_000,
      trail: 0,
      editors: EDITORS,
    });
    hub = await startBenchHubProcess(dataDir, {}, { ipc: true });
    const editors = await Promise.all(
      Array.from({ length: EDITORS }, async (_, index) =>
        connectClient(hub!.url, await login(hub!.url, `editor${index + 1}`, BENCH_PASSWORD)),
      ),
    );
    const loadBefore = loadavg();
    await sleep(1_000);
    const { heapUsed: heapWithout } = await hub.heapAfterGc('editors-only');

    swarm = spawn(TSX, [join(REPO, 'bench', 'support', 'console-swarm.ts')], {
      cwd: REPO,
      env: {
        ...process.env,
        SWARM_URL: hub.url,
        SWARM_TOKEN: await login(hub.url, 'watcher', BENCH_PASSWORD),
        SWARM_COUNT: String(CONSOLES),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const delivered = new Map<string, number>();
    let connectedNow: (count: number) => void = () => undefined;
    const connectStarted = performance.now();
    const ready = new Promise<number>((resolve, reject) => {
      swarm!.on(
        'message',
        (message: { type: string; key?: string; at?: number; connected?: number }) => {
          if (message.type === 'ready') resolve(message.connected!);
          if (message.type === 'done') delivered.set(message.key!, message.at!);
          if (message.type === 'count') connectedNow(message.connected!);
        },
      );
      swarm!.once('exit', () => reject(new Error('console swarm exited')));
    });
    const connected = await ready;
    const connectMs = performance.now() - connectStarted;
    if (connected !== CONSOLES) throw new Error(`only ${connected} consoles connected`);
    await sleep(2_000);
    const { heapUsed: heapWith, cpuMs: cpuBefore } = await hub.heapAfterGc('idle-consoles');

    // 20 editors, 2 changes/s each, every change on a flight of its own (no conflicts).
    const acks: number[] = [];
    const sent = new Map<string, number>();
    const refused: string[] = [];
    const total = (DURATION_MS / 1000) * PER_EDITOR_PER_S;
    const start = performance.now();
    await Promise.all(
      editors.map(async (editor, e) => {
        for (let n = 0; n < total; n += 1) {
          // Editors spread evenly over each half second.
          const due =
            start + (n * 1000) / PER_EDITOR_PER_S + (e * 1000) / (EDITORS * PER_EDITOR_PER_S);
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          const flight = flights[e * total + n]!;
          const opId = randomUUID();
          const emittedAt = performance.now();
          sent.set(opId, performance.timeOrigin + emittedAt);
          editor.emit(
            'flight:update',
            {
              flightId: flight.id,
              baseVersion: flight.version,
              opId,
              changes: { remark: `idle ${e}.${n}` },
            },
            (answer: { ok: boolean; error?: { code: string } }) => {
              acks.push(performance.now() - emittedAt);
              if (!answer.ok) refused.push(answer.error?.code ?? 'unknown');
            },
          );
        }
      }),
    );
    const deadline = performance.now() + 15_000;
    while (
      (acks.length < sent.size || delivered.size < sent.size) &&
      performance.now() < deadline
    ) {
      await sleep(50);
    }
    const loadDuring = loadavg();
    const loadEnd = performance.now();
    const stillConnected = await new Promise<number>((resolve) => {
      connectedNow = resolve;
      swarm!.send({ type: 'count' });
    });
    const { heapUsed: heapAfter, cpuMs: cpuAfter } = await hub.heapAfterGc();
    for (const editor of editors) editor.close();

    const ack = latencySummary(acks);
    const fan = latencySummary(
      [...sent].flatMap(([opId, at]) => (delivered.has(opId) ? [delivered.get(opId)! - at] : [])),
    );
    const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
    return {
      consoles: `${connected} connected in ${Math.round(connectMs)} ms; ${stillConnected} still connected at the end`,
      load: `changes ${EDITORS} editors × ${PER_EDITOR_PER_S}/s for ${DURATION_MS / 1000} s = ${sent.size}; acked ${acks.length}, refused ${refused.length}${refused.length ? ` (${[...new Set(refused)].join(', ')})` : ''}`,
      loadAverage: `before ${loadBefore.map((v) => v.toFixed(1)).join(' ')}, after ${loadDuring.map((v) => v.toFixed(1)).join(' ')}`,
      ackP50Ms: ack.p50,
      ackP99Ms: ack.p99,
      ackMaxMs: ack.max,
      lastConsoleP50Ms: fan.p50,
      lastConsoleP99Ms: fan.p99,
      changesSeenByAll: `${delivered.size} of ${sent.size}`,
      hubCpuMsPerChange: (cpuAfter - cpuBefore) / sent.size,
      hubCpuShareDuringLoad: `${(((cpuAfter - cpuBefore) / (loadEnd - start)) * 100).toFixed(0)} % of one core`,
      heapWithoutConsolesKb: kb(heapWithout),
      heapWithConsolesKb: kb(heapWith),
      heapAfterLoadKb: kb(heapAfter),
      heapPerIdleConsoleKb: kb((heapWith - heapWithout) / connected),
      targets: 'ack p99 ≤ 100 ms; heap per idle console ≤ 15 KB',
    };
  } finally {
    if (swarm && swarm.exitCode === null) {
      swarm.send({ type: 'stop' });
      await new Promise((resolve) => swarm!.once('exit', resolve));
    }
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
