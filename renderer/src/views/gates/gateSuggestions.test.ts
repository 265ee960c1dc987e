import { describe, expect, it } from 'vitest';
import { gatesOfTerminal } from './gateSuggestions';

const gates = [
  { gate: '11', terminal: 'T1', contact: true, maxCodeLetter: 'C' as const },
  { gate: '11', terminal: 'T3', contact: true, maxCodeLetter: 'E' as const },
  { gate: 'R4', terminal: 'T3', contact: false, maxCodeLetter: 'C' as const },
];

describe('gatesOfTerminal', () => {
  it("offers the flight's terminal only, since gate numbers repeat across terminals", () => {
    expect(gatesOfTerminal(gates, 't3')).toEqual([
      { value: '11', label: 'T3 · bridge · up to code E' },
      { value: 'R4', label: 'T3 · bus · up to code C' },
    ]);
  });

  it('offers every gate to a flight without a terminal, and nothing before the list loads', () => {
    expect(gatesOfTerminal(gates, null)).toHaveLength(3);
    expect(gatesOfTerminal(null, 'T1')).toEqual([]);
  });
});
