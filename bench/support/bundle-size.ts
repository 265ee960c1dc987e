import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFigures {
  /** The entry chunk index.html loads: all that runs before sign-in, bar its CSS. */
  mainChunk: string;
  mainChunkKB: number;
  mainChunkGzipKB: number;
  /** Everything index.html loads up front (scripts, module preloads, styles). */
  signInPathKB: number;
  signInPathGzipKB: number;
  /** Every script of the console, loaded on demand or ahead while the login screen is idle. */
  allScriptsKB: number;
  allScriptsGzipKB: number;
  /** Each script chunk, largest first: `name size/gzip KB`. */
  chunks: string;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** Sizes of the built console (out/renderer), minified bytes and gzip -9 as a server sends it. */
export async function bundleFigures(webRoot: string): Promise<BundleFigures> {
  const html = await readFile(join(webRoot, 'index.html'), 'utf8');
  const upFront = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (match) => match[1]!,
  );
  const entry = /<script type="module"[^>]*src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('index.html has no module script');
  const size = async (path: string) => {
    const bytes = await readFile(join(webRoot, path));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const main = await size(entry);
  const signIn = await Promise.all(upFront.map(size));
  const scripts = (await readdir(join(webRoot, 'assets'))).filter((name) => name.endsWith('.js'));
  const chunks = await Promise.all(
    scripts.map(async (name) => ({ name, ...(await size(join('assets', name))) })),
  );
  chunks.sort((a, b) => b.raw - a.raw);
  const sum = (list: { raw: number; gzip: number }[], key: 'raw' | 'gzip') =>
    list.reduce((total, item) => total + item[key], 0);
  return {
    mainChunk: entry,
    mainChunkKB: kb(main.raw),
    mainChunkGzipKB: kb(main.gzip),
    signInPathKB: kb(sum(signIn, 'raw')),
    signInPathGzipKB: kb(sum(signIn, 'gzip')),
    allScriptsKB: kb(sum(chunks, 'raw')),
    allScriptsGzipKB: kb(sum(chunks, 'gzip')),
    chunks: chunks.map((chunk) => `${chunk.name} ${kb(chunk.raw)}/${kb(chunk.gzip)}`).join(', '),
  };
}
