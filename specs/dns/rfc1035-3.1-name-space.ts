import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { queryId } from './arbitraries-auth.ts';
import { askUdp } from './exchange.ts';
import { labelsOf } from './names.ts';
import { expectRcode } from './expect-dns.ts';
import { rcodes } from './reply.ts';
import { loadZoneView } from './zone-view.ts';

/**
 * RFC 1035 §3.1: a label is at most 63 octets and a whole name, length octets and the final
 * zero included, at most 255. A query naming something longer is malformed.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '3.1', title: 'Name space definitions' };

/** A query whose QNAME is made of full 63-octet labels, `labels` of them (5 or more exceed 255 octets). */
function overlongQuery(id: number, labels: number, zone: string): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(1, 4);
  const parts: Buffer[] = [header];
  for (let i = 0; i < labels; i++) parts.push(Buffer.from([63]), Buffer.alloc(63, 0x61 + (i % 26)));
  for (const label of labelsOf(zone)) parts.push(Buffer.from([label.length]), Buffer.from(label, 'latin1'));
  parts.push(Buffer.from([0, 0, 1, 0, 1]));
  return Buffer.concat(parts);
}

export default section(citation, [
  rule({
    slug: 'overlong-name-is-format-error',
    level: 'MUST',
    title: 'A query whose name exceeds 255 octets gets RCODE 1 (Format Error), not an answer',
    sends: 'a query for 4-6 labels of 63 octets under a served zone (over 256 octets)',
    input: (setup) => fc.tuple(queryId, fc.integer({ min: 4, max: 6 }), fc.constantFrom(...loadZoneView(setup.options).zones.map((z) => z.origin))),
    maxRuns: 6,
    check: async (io, [id, labels, zone]) => {
      const query = overlongQuery(id, labels, zone);
      const reply = await askUdp(io, query, `a query with a ${query.length - 16}-octet name`);
      expectEqual('ID of the answer', reply.id, id);
      expectRcode(reply, rcodes.FORMERR, 'a query with an overlong name');
    },
  }),
]);
