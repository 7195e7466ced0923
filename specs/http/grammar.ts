/**
 * The small pieces of HTTP's ABNF (RFC 9110 §5.6, RFC 9112) that both sides of a conversation
 * need: tokens, field values, entity tags, Host values.
 */

/** tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
export const tcharClass = "!#$%&'*+\\-.^_`|~0-9A-Za-z";
const tokenPattern = new RegExp(`^[${tcharClass}]+$`);

export function isToken(text: string): boolean {
  return tokenPattern.test(text);
}

/** field-value: VCHAR, obs-text, SP and HTAB inside; no CR, LF, NUL or other controls. */
export function isFieldValue(text: string): boolean {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(text);
}

/** entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text. */
export const entityTagPattern = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

export function isEntityTag(text: string): boolean {
  return entityTagPattern.test(text);
}

/** The opaque part of an entity tag, for the weak comparison (RFC 9110 §8.8.3.2). */
export function opaqueTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/** Host = uri-host [ ":" port ] (RFC 9110 §7.2 with RFC 3986's host and port). */
export function isHostValue(text: string): boolean {
  return /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::\d*)?$/.test(text);
}

/** Splits a comma-separated list field (RFC 9110 §5.6.1), dropping empty elements. */
export function listElements(value: string): string[] {
  return value
    .split(',')
    .map((element) => element.trim())
    .filter((element) => element.length > 0);
}
