import type { ProxyFault } from './faults.ts';
import { type Fields, fieldValues, listMembers, withoutFields } from './header-fields.ts';

/**
 * What a proxy changes in every message it forwards (RFC 9110 §7.6): the hop-by-hop fields go
 * (Connection, the fields it names, and the fields only meaningful on one connection), and a
 * Via entry names this hop.
 */

export const viaEntry = '1.1 rfcheck-cache';

/** Fields that describe one connection, whether or not Connection names them. */
const alwaysHopByHop = ['connection', 'proxy-connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade', 'trailer'];

export function connectionSpecificNames(fields: Fields): string[] {
  const named = fieldValues(fields, 'connection').flatMap(listMembers).map((n) => n.toLowerCase());
  return [...alwaysHopByHop, ...named];
}

/** The end-to-end fields of a message, with this hop's Via entry appended. */
export function forwardedFields(fields: Fields, fault?: ProxyFault): Fields {
  const kept = fault === 'forwards-hop-by-hop' ? withoutFields(fields, alwaysHopByHop) : withoutFields(fields, connectionSpecificNames(fields));
  const framed = withoutFields(kept, ['content-length']);
  return fault === 'no-via' ? framed : [...framed, ['Via', viaEntry]];
}
