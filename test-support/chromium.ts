import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, for browser tests, benchmarks and screenshots. The flags keep it
 * off the network it would otherwise reach for at every start (updates, sync, QUIC probes).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}
