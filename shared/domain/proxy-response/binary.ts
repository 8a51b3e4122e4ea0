/**
 * Base64 and media-type helpers for `isBase64Encoded` responses. Pure: uses only `atob` and
 * `TextDecoder`, which are language globals in Node 20, not I/O.
 */

/** Standard (not URL-safe) base64 with correct padding; whitespace is not accepted. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True when `text` is well-formed standard base64. */
export function isValidBase64(text: string): boolean {
  return BASE64.test(text);
}

/**
 * Decodes base64 and reads the bytes as UTF-8; bytes that are not UTF-8 (images, gzip) come out as
 * U+FFFD, which is the best a string can say about binary content. Call only with valid base64.
 */
export function decodeBase64AsText(text: string): string {
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/**
 * True when `contentType` (a response Content-Type, parameters allowed) falls under the API binary media
 * type `pattern` (an exact type such as `image/png`, a wildcard subtype such as `image/` + `*`, or the
 * match-all type), compared case-insensitively as media types are.
 */
export function mediaTypeMatches(pattern: string, contentType: string): boolean {
  const wanted = pattern.trim().toLowerCase();
  const actual = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (wanted === '*/*') return true;
  if (wanted.endsWith('/*')) return actual.startsWith(wanted.slice(0, -1));
  return wanted === actual;
}
