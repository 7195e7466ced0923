import { describe, expect, it } from 'vitest';
import { median } from '../../bench/median.ts';

describe('median', () => {
  it('is the middle figure, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});
