import { describe, expect, it } from 'vitest';
import { flightSearchText, normaliseQuickFilter } from './flightQuery';

describe('flight query', () => {
  it('reads a flight number however it is typed', () => {
    for (const typed of ['AI117', 'ai 117', 'AI0117', ' Ai  117 ', 'AI-117']) {
      expect(normaliseQuickFilter(typed)).toBe('AI117');
    }
    expect(normaliseQuickFilter('6e2134')).toBe('6E2134');
  });

  it('leaves other text alone', () => {
    expect(normaliseQuickFilter('Mumbai')).toBe('Mumbai');
    expect(normaliseQuickFilter('42B')).toBe('42B');
    expect(normaliseQuickFilter('1435')).toBe('1435');
  });

  it('gives each flight its compact number and its codeshares', () => {
    const text = flightSearchText({ flightNumber: 'AI 117', codeshares: ['SQ 5117'] });
    expect(text.split(' ')).toEqual(expect.arrayContaining(['AI117', 'SQ5117']));
  });
});
