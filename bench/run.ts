/**
 * `npm run bench [name ...]`: runs every bench/*.bench.ts in turn (or only those named, e.g.
 * `npm run bench -- durable-commit fanout`). A bench module's default export is
 * `async function run(): Promise<object>`; it stops by itself and its result's figures are
 * printed here. Benchmarks are not tests: run them on an otherwise idle machine.
 */
import { readdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type BenchResult = Record<string, unknown>;
type BenchModule = { default: () => Promise<BenchResult> };

const folder = import.meta.dirname;

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((name) => name.replace(/\.bench\.ts$/, ''));
  const all = (await readdir(folder)).filter((name) => name.endsWith('.bench.ts')).sort();
  const chosen = wanted.length
    ? wanted.map((name) => {
        const file = `${name}.bench.ts`;
        if (!all.includes(file)) throw new Error(`no bench/${file} (have: ${all.join(', ')})`);
        return file;
      })
    : all;
  console.log(
    `# Jetbridge benchmarks — ${new Date().toISOString()}, Node ${process.version}, ` +
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
  );
  let failed = 0;
  for (const file of chosen) {
    const name = file.replace(/\.bench\.ts$/, '');
    console.log(`\n## ${name}`);
    const started = performance.now();
    try {
      const module = (await import(pathToFileURL(join(folder, file)).href)) as BenchModule;
      const result = await module.default();
      for (const [key, value] of Object.entries(result)) console.log(`${key}: ${format(value)}`);
    } catch (error) {
      failed += 1;
      console.error(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    }
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  process.exit(failed ? 1 : 0);
}

function format(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

await main();
