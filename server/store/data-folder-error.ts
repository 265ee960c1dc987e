/**
 * What `npm run hub:recover` can do about a refusal: the facts it needs, so it repairs exactly
 * the fault found (and says what that costs), never a guess.
 */
export type Repair =
  /** The log ends before the high-water mark: changes after `lastSeq` are gone. */
  | { kind: 'log-below-high-water-mark'; folder: string; lastSeq: number; highWaterMark: number }
  /** No high-water mark in a folder that must have one. */
  | { kind: 'high-water-mark-missing'; folder: string; lastSeq: number }
  /** The high-water mark file itself is damaged. */
  | { kind: 'high-water-mark-damaged'; folder: string }
  /** A damaged line in the open (last) segment: the log can be cut before it. */
  | { kind: 'damaged-open-line'; file: string; byteOffset: number; seq: number | null }
  /** A damaged record in a journal: it can be cut before it. */
  | { kind: 'damaged-journal-line'; file: string; byteOffset: number; line: number }
  /** segments.json is damaged or missing entries: the seals can be rebuilt from the lines. */
  | { kind: 'seals-damaged'; folder: string };

/**
 * A data file that cannot be read or fails validation. The hub refuses to start on it and never
 * overwrites it: the operator decides what to do with the file.
 */
export class DataFolderError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly repair?: Repair,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DataFolderError';
  }
}
