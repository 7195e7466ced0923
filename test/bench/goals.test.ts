import { describe, expect, it } from 'vitest';
import { atLeast, atMost, goalLine } from '../../bench/goals.ts';

describe('bench goals', () => {
  it('are met, missed, or not measured', () => {
    expect(atLeast('rate', 25_000, 20_000, '/s').met).toBe(true);
    expect(atLeast('rate', 19_999, 20_000, '/s').met).toBe(false);
    expect(atMost('wall', 61, 60, 's').met).toBe(false);
    expect(atMost('wall', undefined, 60, 's').met).toBeUndefined();
  });

  it('print one line each', () => {
    expect(goalLine(atMost('npm start ≤ 60 s', 42.123456, 60, 's'))).toMatch(/^met\s+npm start ≤ 60 s\s+42\.12 s$/);
    expect(goalLine(atLeast('x', undefined, 1, '', 'no suite'))).toMatch(/^not measured .*\(no suite\)$/);
  });
});
