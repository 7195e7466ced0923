import { type Directives, parseCacheControl } from './cache-control.ts';
import type { ProxyFault } from './faults.ts';
import { heuristicallyCacheable, hasExplicitFreshness } from './freshness.ts';
import { type Fields, fieldValue, fieldValues } from './header-fields.ts';
import { varyNames } from './cache-store.ts';

/** Whether a shared cache may store a response, and whether it is worth it (RFC 9111 §3). */

export const directivesOf = (fields: Fields): Directives => parseCacheControl(fieldValues(fields, 'cache-control'));

export function mayStore(requestFields: Fields, status: number, responseFields: Fields, fault?: ProxyFault): boolean {
  const request = directivesOf(requestFields);
  const response = directivesOf(responseFields);
  if (status < 200 || status === 206 || status > 599) return false;
  if (request.has('no-store') && fault !== 'ignores-request-no-store') return false;
  if (response.has('no-store') && fault !== 'stores-no-store') return false;
  if (response.has('private') && fault !== 'stores-private') return false;
  // §3.5: a response to an authenticated request is shared only when the origin said so.
  const authorized = fieldValue(requestFields, 'authorization') !== undefined;
  if (authorized && fault === 'never-stores-authorized') return false;
  if (authorized && fault !== 'stores-authorized' && !['public', 's-maxage', 'must-revalidate'].some((d) => response.has(d))) return false;
  if (varyNames(responseFields).includes('*') && fault !== 'stores-vary-star') return false;
  if (hasExplicitFreshness(responseFields, response) || response.has('public') || response.has('no-cache')) return true;
  const validator = fieldValue(responseFields, 'etag') !== undefined || fieldValue(responseFields, 'last-modified') !== undefined;
  return heuristicallyCacheable.has(status) && validator;
}

/** Methods that do not change the resource (RFC 9110 §9.2.1); every other method is written through. */
export const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
