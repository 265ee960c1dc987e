/**
 * The hub as its own process for benchmarks: `tsx bench/support/bench-hub.ts` with
 * BENCH_DATA_DIR (and BENCH_DATABASE_URL, BENCH_REDIS_URL for several hubs). Same startHub as `npm run hub`; only the per-connection update rate limit
 * (a security default of 10/s) is lifted, since the benches drive 50+ changes/s per editor.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { startHub } from '../../server/hub';
import { BENCH_SECRET } from './bench-data';

const started = performance.now();
const unlimited = { perSecond: 1_000_000, burst: 1_000_000 };
const hub = await startHub({
  dataDir: process.env.BENCH_DATA_DIR!,
  port: 0,
  secret: BENCH_SECRET,
  logger: pino({ level: 'warn' }),
  updateRate: unlimited,
  floodRate: unlimited,
  ...(process.env.BENCH_GATE_CONFLICTS === '0' ? { gateConflicts: false } : {}),
  ...(process.env.BENCH_WEB_ROOT ? { webRoot: process.env.BENCH_WEB_ROOT } : {}),
  ...(process.env.BENCH_DATABASE_URL ? { databaseUrl: process.env.BENCH_DATABASE_URL } : {}),
  ...(process.env.BENCH_REDIS_URL ? { redisUrl: process.env.BENCH_REDIS_URL } : {}),
});
console.log(`opened in ${Math.round(performance.now() - started)} ms`);
console.log(`listening on ${hub.url}`);
// Asked over IPC (startBenchHubProcess `ipc`): the heap after full collections, so a bench can
// tell what each idle console costs the hub.
if (process.send) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'cpu') {
      const cpu = process.cpuUsage();
      process.send!({ cpuMs: (cpu.user + cpu.system) / 1000 });
      return;
    }
    if (message.type !== 'heap') return;
    for (let round = 0; round < 3; round += 1) gc();
    const cpu = process.cpuUsage();
    process.send!({
      heapUsed: process.memoryUsage().heapUsed,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  });
}
const stop = () => void hub.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
