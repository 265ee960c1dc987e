/**
 * Proves the generated SSIM season reads fully and prints how long reading and laying out three
 * days take:  npx tsx bench/support/ssim-season-check.ts [airport]
 * Not a benchmark of the hub (bench/ has those): the reader and expandLegs alone, plus the
 * longest time the event loop was held while reading.
 */
import { expandLegsInSlices } from '../../server/schedules/flight-instances';
import { readSsim } from '../../server/schedules/ssim-reader';
import { ssimSeason } from './ssim-season';

const airport = process.argv[2] ?? 'DEL';
let started = performance.now();
const season = ssimSeason({ airport });
console.log(
  `generated ${season.legRecords} leg records (${season.airportLegRecords} at ${airport}, ` +
    `${season.airportBlankOvernight} blank overnight), ${season.carriers.length} carriers, ` +
    `${(season.text.length / 1e6).toFixed(1)} MB in ${(performance.now() - started).toFixed(0)} ms`,
);

// The longest stretch the event loop was held: gaps between turns of a setImmediate loop, in
// wall time and in this process's CPU time (on a busy machine the wall gap includes time the
// process waited for a core; the CPU time is what the code itself held).
let longest = 0;
let longestCpu = 0;
let last = performance.now();
let lastCpu = process.cpuUsage();
let running = true;
const turn = () => {
  const now = performance.now();
  const cpu = process.cpuUsage();
  longest = Math.max(longest, now - last);
  longestCpu = Math.max(longestCpu, (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000);
  last = now;
  lastCpu = cpu;
  if (running) setImmediate(turn);
};

// What this machine does to any busy loop (other processes taking the cores): the floor under
// the holds measured below.
let noise = 0;
for (let last = performance.now(), end = last + 1000; last < end;) {
  const now = performance.now();
  noise = Math.max(noise, now - last);
  last = now;
}

started = performance.now();
last = started;
lastCpu = process.cpuUsage();
setImmediate(turn);
const cpu = process.cpuUsage();
const result = await readSsim(season.text, { airport });
const readMs = performance.now() - started;
const readCpuMs = process.cpuUsage(cpu).user / 1000;
started = performance.now();
const flights = await expandLegsInSlices(result.legs, {
  airport,
  from: '2026-12-01',
  to: '2026-12-03',
});
const expandMs = performance.now() - started;
running = false;

console.log(
  `read: ${result.legs.length} legs, ${result.skipped} skipped, ${result.errorCount} errors, ` +
    `${result.inferredNextDay} inferred next day, period ${result.period?.from}..${result.period?.to}`,
);
console.log(
  `read ${readMs.toFixed(0)} ms (${readCpuMs.toFixed(0)} ms CPU); expand 3 days: ${flights.length} flights ` +
    `in ${expandMs.toFixed(0)} ms; longest event-loop hold ${longest.toFixed(1)} ms ` +
    `(${longestCpu.toFixed(1)} ms CPU); a bare busy loop here was held up to ${noise.toFixed(1)} ms`,
);
const problems: string[] = [];
if (season.legRecords < 20_000) problems.push(`only ${season.legRecords} leg records`);
if (result.errorCount > 0) problems.push(`errors: ${JSON.stringify(result.errors.slice(0, 5))}`);
if (result.legs.length + result.codeshareLegs !== season.airportLegRecords) {
  problems.push(
    `read ${result.legs.length} legs at ${airport}, generated ${season.airportLegRecords}`,
  );
}
if (result.inferredNextDay !== season.airportBlankOvernight) {
  problems.push(`inferred ${result.inferredNextDay}, generated ${season.airportBlankOvernight}`);
}
if (problems.length > 0) {
  console.error(`FAILED: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('ok: the reader read the whole season without errors');
