/** The label boxes placed so far, in a coarse grid so each check looks at a few neighbours. */
export class LabelSpace {
  private static readonly CELL = 64;
  private readonly cells = new Map<number, { x: number; y: number; w: number; h: number }[]>();

  /** Places the box if it overlaps none placed; says whether it did. */
  take(box: { x: number; y: number; w: number; h: number }): boolean {
    const keys: number[] = [];
    const { CELL } = LabelSpace;
    for (let cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + box.w) / CELL); cx += 1) {
      for (let cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + box.h) / CELL); cy += 1) {
        const key = cx * 100_003 + cy;
        keys.push(key);
        for (const p of this.cells.get(key) ?? []) {
          if (
            box.x < p.x + p.w &&
            p.x < box.x + box.w &&
            box.y < p.y + p.h &&
            p.y < box.y + box.h
          ) {
            return false;
          }
        }
      }
    }
    for (const key of keys) {
      const cell = this.cells.get(key);
      if (cell) cell.push(box);
      else this.cells.set(key, [box]);
    }
    return true;
  }
}
