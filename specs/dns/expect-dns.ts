import type { ZoneRecord } from './master-file.ts';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { sameName } from './names.ts';
import { type Reply, describeRecords, rcodes, recordKey, types, wireRecordOf, zoneRecordKey } from './reply.ts';
import type { WireRecord } from './wire-format.ts';
import type { ZoneView } from './zone-view.ts';

/** Assertions shared by the DNS rules; each names what was expected and what came. */

const rcodeNames: Record<number, string> = Object.fromEntries(Object.entries(rcodes).map(([k, v]) => [v, k]));

export function rcodeName(code: number): string {
  return rcodeNames[code] ?? `RCODE ${code}`;
}

export function expectRcode(reply: Reply, expected: number, what: string): void {
  expectEqual(`RCODE of ${what}`, rcodeName(reply.extendedRcode), rcodeName(expected));
}

/** The records must be exactly the zone's (as sets; owner names and RDATA names case-folded). */
export function expectRecordSet(what: string, actual: readonly WireRecord[], expected: readonly ZoneRecord[]): void {
  const want = expected.map(zoneRecordKey).sort();
  const got = actual.map((r) => recordKey(r)).sort();
  expectThat(JSON.stringify(want) === JSON.stringify(got), `${what} differs from the zone's data`, () => describeRecords(expected.map(wireRecordOf)), () => describeRecords(actual));
}

/** RFC 2308 §3: a negative answer carries the zone's SOA in the authority section. */
export function expectNegativeSoa(reply: Reply, view: ZoneView, qname: string, what: string): void {
  const zone = view.zoneOf(qname);
  const soa = zone ? view.soaOf(zone) : undefined;
  expectThat(soa !== undefined, `no served zone holds ${qname}`, 'a zone for the name', 'none');
  const soas = reply.message.authorities.filter((r) => r.type === types.SOA);
  expectThat(soas.length === 1, `${what} must carry the zone's SOA in its authority section`, `SOA of ${soa.name}`, () => describeRecords(reply.message.authorities));
  const got = soas[0] as WireRecord;
  expectEqual(`SOA in ${what}`, recordKey(got), zoneRecordKey(soa));
}

export function expectNoAnswers(reply: Reply, what: string): void {
  expectThat(reply.message.answers.length === 0, `${what} must have an empty answer section`, '(none)', () => describeRecords(reply.message.answers));
}

/** Records of the answer section owned by `name` with type `type`. */
export function answersAt(reply: Reply, name: string, type: number): WireRecord[] {
  return reply.message.answers.filter((r) => r.type === type && sameName(r.labels.map((l) => l.toString('latin1')).join('.') || '.', name));
}
