/**
 * Renders resources/icons/icon.svg to the PNG sizes packaging needs (icon.png for Windows and
 * macOS, NxN.png for the Linux icon set) with the system Chromium.
 *
 *   npx tsx scripts/render-icons.ts
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test-support/chromium';

const iconsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'resources',
  'icons',
);
const SIZES = [512, 256, 128, 64, 48, 32, 16];

async function main(): Promise<void> {
  const svg = await readFile(path.join(iconsDir, 'icon.svg'), 'utf8');
  const browser = await launchChromium();
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      const sized = svg.replace(/width="512" height="512"/, `width="${size}" height="${size}"`);
      await page.setContent(
        `<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>${sized}</body></html>`,
      );
      const files = size === 512 ? ['icon.png', '512x512.png'] : [`${size}x${size}.png`];
      for (const file of files) {
        await page.screenshot({ path: path.join(iconsDir, file), omitBackground: true });
        console.log(`wrote resources/icons/${file}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
