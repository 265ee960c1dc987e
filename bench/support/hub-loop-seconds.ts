import type { LoopSecond } from './hub-loop-monitor';

export type { LoopSecond };

/** The `hub-loop` lines (hub-loop-monitor.ts) in a hub's output for seconds ending in [from, to + 1 s]. */
export function readLoopSeconds(output: string, from: number, to: number): LoopSecond[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('hub-loop '))
    .map((line) => JSON.parse(line.slice('hub-loop '.length)) as LoopSecond)
    .filter((second) => second.at > from && second.at <= to + 1000);
}
