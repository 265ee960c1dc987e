import { describe, expect, it } from 'vitest';
import { checkJsonLine, sealJsonLine, sealJsonLineInSlices, type Slicer } from './line-checksum';

/** A slicer whose budget is always spent: it yields before every array element. */
function everyElement(): Slicer & { yields: number } {
  return {
    yields: 0,
    due: true,
    async yield() {
      this.yields += 1;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('sealJsonLineInSlices', () => {
  it('writes exactly the bytes of the text sealJsonLine writes', async () => {
    const values: object[] = [
      { t: 'window-closed', flightId: 'F1', records: [{ id: 'a', body: 'ü "q" \n' }], told: [] },
      { a: 1, skipped: undefined, list: [1, undefined, 'x', { nested: [1, 2] }], f: () => 1 },
      { only: 'scalar', n: null, b: false },
      { big: Array.from({ length: 50 }, (_, i) => ({ i, text: `line ${i}` })) },
    ];
    for (const value of values) {
      const line = (await sealJsonLineInSlices(value, everyElement())).toString('utf8');
      expect(line).toBe(sealJsonLine(value));
      expect(checkJsonLine(line)).toMatchObject({ ok: true, sealed: true });
    }
  });

  it('hands the event loop back between elements, so other callbacks run in between', async () => {
    const slicer = everyElement();
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const sealing = sealJsonLineInSlices({ records: [1, 2, 3, 4] }, slicer);
    expect(ranMeanwhile).toBe(false);
    await sealing;
    expect(ranMeanwhile).toBe(true);
    expect(slicer.yields).toBe(4);
  });

  it('refuses an empty object, as sealJsonLine does', async () => {
    await expect(sealJsonLineInSlices({}, everyElement())).rejects.toThrow(/empty object/);
    expect(() => sealJsonLine({})).toThrow(/empty object/);
  });
});
