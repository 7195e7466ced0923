import { describe, expect, it } from 'vitest';
import { parseWrkRate } from '../../bench/wrk.ts';

const report = `Running 5s test @ http://127.0.0.1:8080/perf/obj-1-1024.bin
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms  304.11us   9.87ms   91.25%
    Req/Sec    31.24k     1.91k   34.02k    78.00%
  155432 requests in 5.00s, 181.29MB read
Requests/sec:  31084.37
Transfer/sec:     36.26MB
`;

describe('wrk output', () => {
  it('gives the requests per second', () => {
    expect(parseWrkRate(report, 'u')).toBeCloseTo(31084.37, 2);
  });

  it('refuses a run with error responses or without a rate', () => {
    expect(() => parseWrkRate(report.replace('Requests/sec', '  Non-2xx or 3xx responses: 12\nRequests/sec'), 'u')).toThrow(/12 error responses/);
    expect(() => parseWrkRate('unable to connect', 'u')).toThrow(/no rate/);
  });
});
