import fc from 'fast-check';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { askTcp, askUdp, describeQuery, encodeQuery } from './exchange.ts';
import { FakeHierarchy, type Scenario } from './fake-hierarchy.ts';
import type { ZoneRecord } from './master-file.ts';
import type { Reply } from './reply.ts';

/**
 * What a dns-resolver rule sets up and asks: a fresh TLD and leaf zone per run (so nothing the
 * resolver cached in an earlier run can answer for it), the hierarchy serving them for the
 * length of the run, and questions sent to the resolver with RD set.
 */

let runs = 0;

/** Fresh names: a TLD and two leaf zones below it that no earlier run used. */
export function freshZones(nonce: number): { tld: string; zone: string; other: string } {
  runs += 1;
  const tld = `t${Date.now().toString(36)}${runs.toString(36)}${nonce.toString(36)}`;
  return { tld, zone: `z1.${tld}`, other: `z2.${tld}` };
}

export const nonce = fc.integer({ min: 0, max: 0xffffff });

/** 2-4 distinct addresses in 10.53.0.0/16 (an RRset of several records). */
export const addressSet = fc.uniqueArray(fc.integer({ min: 1, max: 0xfffe }), { minLength: 2, maxLength: 4 }).map((ns) => ns.map((n) => `10.53.${n >> 8}.${n & 0xff}`));

export const a = (name: string, address: string, ttl: number): ZoneRecord => ({ name, type: 'A', ttl, class: 'IN', data: address });
export const cname = (name: string, target: string, ttl: number): ZoneRecord => ({ name, type: 'CNAME', ttl, class: 'IN', data: target });
export const txt = (name: string, text: string, ttl: number): ZoneRecord => ({ name, type: 'TXT', ttl, class: 'IN', data: [Buffer.from(text)] });

/** Runs `body` with the hierarchy serving `scenario`; it is always closed afterwards. */
export async function withHierarchy<T>(io: RunIO, scenario: Scenario, body: (hierarchy: FakeHierarchy) => Promise<T>): Promise<T> {
  const hierarchy = await FakeHierarchy.start(scenario);
  io.step(`the harness serves TLD ${scenario.tld} (root 127.0.53.1, TLD 127.0.53.2, zones ${Object.keys(scenario.zones).join(', ')} at 127.0.53.3)`);
  try {
    return await body(hierarchy);
  } finally {
    await hierarchy.close();
  }
}

export interface ResolverQuestion {
  name: string;
  type: string;
  id?: number;
  transport?: 'udp' | 'tcp';
}

let nextId = 1;

/** Asks the resolver under test one question with RD set. */
export async function askResolver(io: RunIO, question: ResolverQuestion): Promise<Reply> {
  nextId = (nextId * 7919 + 13) & 0xffff;
  const query = { id: question.id ?? nextId, name: question.name, type: question.type, rd: true };
  const message = encodeQuery(query);
  return question.transport === 'tcp' ? askTcp(io, message, describeQuery(query)) : askUdp(io, message, describeQuery(query));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The addresses of the A records in an answer, sorted. */
export function addressesIn(reply: Reply): string[] {
  return reply.message.answers
    .filter((r) => r.type === 1)
    .map((r) => {
      const bytes = r.rdata[0]?.kind === 'bytes' ? r.rdata[0].bytes : Buffer.alloc(4);
      return Array.from(bytes.subarray(0, 4)).join('.');
    })
    .sort();
}
