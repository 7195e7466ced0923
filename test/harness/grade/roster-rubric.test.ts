import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/core/errors.ts';
import { parseRoster } from '../../../harness/grade/roster.ts';
import { defaultRubric, maxPoints, parseRubric, pointsEarned } from '../../../harness/grade/rubric.ts';

describe('parseRoster', () => {
  it('reads the three target kinds, quoted fields and several suites', () => {
    const roster = parseRoster(
      ['# class of 2026', 'target,student,suites', '127.0.0.1:8080,ann,http', '"spawn:python3 ""my server.py"" {port}",bob,echo-tcp;echo-udp', 'dir:subs/cy,cy,echo-udp', ''].join('\n'),
      'r.csv',
    );
    expect(roster).toEqual([
      { student: 'ann', suites: ['http'], target: { kind: 'address', value: '127.0.0.1:8080' }, line: 3 },
      { student: 'bob', suites: ['echo-tcp', 'echo-udp'], target: { kind: 'spawn', command: 'python3 "my server.py" {port}' }, line: 4 },
      { student: 'cy', suites: ['echo-udp'], target: { kind: 'dir', path: 'subs/cy' }, line: 5 },
    ]);
  });

  it.each([
    ['', /is empty/],
    ['student,suites\nann,http', /no 'target' column/],
    ['student,suites,target\n../x,http,1.2.3.4:5', /student id '..\/x'/],
    ['student,suites,target\nann,http,1.2.3.4:5\nann,http,1.2.3.4:5', /r\.csv:3: student 'ann' appears twice/],
    ['student,suites,target\nann,,1.2.3.4:5', /no suite named/],
    ['student,suites,target\nann,http,spawn:python3 x.py', /must contain \{port\}/],
    ['student,suites,target\nann,http,somewhere', /is not host:port, spawn:CMD or dir:PATH/],
    ['student,suites,target\n"ann,http,1.2.3.4:5', /unterminated quoted field/],
  ])('rejects %j', (text, pattern) => {
    expect(() => parseRoster(text, 'r.csv')).toThrow(UsageError);
    expect(() => parseRoster(text, 'r.csv')).toThrow(pattern);
  });
});

describe('rubric', () => {
  const rule = (id: string, level: 'MUST' | 'SHOULD' | 'MAY', status: 'pass' | 'fail' | 'skip' | 'error') => ({ id, level, status });

  it('defaults to MUST 2, SHOULD 1, MAY 0, skips earning their points', () => {
    expect(pointsEarned(defaultRubric, rule('a/1/x', 'MUST', 'pass'))).toBe(2);
    expect(pointsEarned(defaultRubric, rule('a/1/x', 'SHOULD', 'skip'))).toBe(1);
    expect(pointsEarned(defaultRubric, rule('a/1/x', 'MUST', 'error'))).toBe(0);
  });

  it('overrides weights, single rules by glob, and the skip policy', () => {
    const rubric = parseRubric(JSON.stringify({ weights: { MUST: 5 }, rules: { 'a/2.*': 10, 'a/1/free': 0 }, skipEarnsPoints: false }), 'r.json');
    expect(maxPoints(rubric, rule('a/1/x', 'MUST', 'pass'))).toBe(5);
    expect(maxPoints(rubric, rule('a/2.1/y', 'SHOULD', 'pass'))).toBe(10);
    expect(maxPoints(rubric, rule('a/1/free', 'MUST', 'pass'))).toBe(0);
    expect(pointsEarned(rubric, rule('a/1/x', 'MUST', 'skip'))).toBe(0);
  });

  it.each([
    ['[]', /must be a JSON object/],
    ['{"weights":{"MUSTY":1}}', /unknown level 'MUSTY'/],
    ['{"weights":{"MUST":-1}}', /must be a number ≥ 0/],
    ['{"rules":{"a/*":"ten"}}', /must be a number ≥ 0/],
    ['{"skipEarnsPoints":"no"}', /true or false/],
  ])('rejects %s', (text, pattern) => expect(() => parseRubric(text, 'r.json')).toThrow(pattern));
});
