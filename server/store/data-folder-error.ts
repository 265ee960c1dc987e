/**
 * A data file that cannot be read or fails validation. The hub refuses to start on it and never
 * overwrites it: the operator decides what to do with the file.
 */
export class DataFolderError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DataFolderError';
  }
}
