/**
 * `npm run feed:demo`: simulated ADS-B positions of the day's airborne flights, POSTed to a hub
 * every second as a tracker integration would (scripts/feed/README.md).
 *
 *   JETBRIDGE_FEED_KEY=<key> npm run feed:demo
 *
 * Without JETBRIDGE_FEED_KEY it uses the key the demo hub of `npm start` keeps in its data folder
 * (JETBRIDGE_DATA_DIR, else the per-user default), so the two commands need nothing else.
 *
 * JETBRIDGE_HUB_URL (default http://127.0.0.1:4300), FEED_DEMO_SEED, FEED_DEMO_INTERVAL_MS.
 * Stops cleanly on SIGINT/SIGTERM; exits 1 when the hub refuses the key, 2 on bad settings.
 */
import { z } from 'zod';
import { describeZodError } from '../../core/protocol';
import { loadDemoGeography } from './demo-geography';
import { demoDayFlightsSource, fallbackFlightsSource, hubFlightsSource } from './flight-sources';
import { createHubFeedClient } from './hub-feed-client';
import { runPositionSimulator } from './position-simulator';
import { logLine, stopOnSignals } from './process-lifecycle';
import { readDemoFeedKey } from '../../server/demo/demo-feed-key';
import { resolveHubDataDir } from '../../electron/user-data-dir';

const settingsSchema = z.object({
  JETBRIDGE_HUB_URL: z
    .url({ protocol: /^https?$/, message: 'must be the hub URL, e.g. http://127.0.0.1:4300' })
    .default('http://127.0.0.1:4300'),
  JETBRIDGE_FEED_KEY: z.string().trim().min(1).optional(),
  FEED_DEMO_SEED: z.string().min(1).default('jetbridge-feed-demo'),
  FEED_DEMO_INTERVAL_MS: z.coerce.number().int().min(100, 'must be at least 100 ms').default(1000),
});

async function main(): Promise<number> {
  const log = logLine('feed:demo');
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    log(describeZodError(parsed.error, 'environment'));
    return 2;
  }
  const settings = parsed.data;
  const dataDir = resolveHubDataDir();
  const feedKey = settings.JETBRIDGE_FEED_KEY ?? (await readDemoFeedKey(dataDir));
  if (!feedKey) {
    log(
      `JETBRIDGE_FEED_KEY is not set and the demo hub's key is not in ${dataDir}: start the demo ` +
        'hub with npm start first, or set JETBRIDGE_FEED_KEY to a key (npm run hub -- keys add <name>)',
    );
    return 2;
  }
  const client = createHubFeedClient({ hubUrl: settings.JETBRIDGE_HUB_URL, feedKey });
  const source = fallbackFlightsSource(hubFlightsSource(client), demoDayFlightsSource(), log);
  const signal = stopOnSignals(() => log('stopping'));
  log(
    `posting positions to ${client.hubUrl}/api/feed/positions every ${settings.FEED_DEMO_INTERVAL_MS} ms`,
  );
  const end = await runPositionSimulator(
    {
      client,
      source,
      geography: loadDemoGeography(),
      seed: settings.FEED_DEMO_SEED,
      intervalMs: settings.FEED_DEMO_INTERVAL_MS,
      log,
    },
    signal,
  );
  log(end === 'stopped' ? 'stopped' : 'stopped: the hub refused this feed');
  return end === 'stopped' ? 0 : 1;
}

process.exitCode = await main();
