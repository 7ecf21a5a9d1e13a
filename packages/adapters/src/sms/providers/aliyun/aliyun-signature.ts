import { createHmac } from 'node:crypto';

/**
 * Alibaba Cloud RPC-style request signing (signature version 1.0, HMAC-SHA1), written from the
 * public description of the algorithm:
 *
 * 1. Take every request parameter except `Signature`, sort them by name (byte order).
 * 2. Percent-encode each name and value in UTF-8, leaving only `A–Z a–z 0–9 - _ . ~` unencoded
 *    (so a space is `%20`, never `+`; `*` is `%2A`; `~` stays `~`), join `name=value` pairs with `&`.
 *    That is the canonicalized query string.
 * 3. StringToSign = HTTP method + `&` + percentEncode('/') + `&` + percentEncode(canonicalized).
 * 4. Signature = Base64(HMAC-SHA1(key = AccessKeySecret + '&', StringToSign)).
 */

/** RFC 3986 unreserved characters stay; everything else becomes %XX of its UTF-8 bytes. */
export function percentEncode(value: string): string {
  // encodeURIComponent leaves !'()* alone; Alibaba's rule encodes them too.
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function canonicalizedQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
}

export function stringToSign(method: 'GET' | 'POST', params: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

export function rpcSignature(
  method: 'GET' | 'POST',
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  return createHmac('sha1', `${accessKeySecret}&`)
    .update(stringToSign(method, params), 'utf8')
    .digest('base64');
}

/** Alibaba's timestamp format: ISO 8601 in UTC without milliseconds, e.g. `2026-11-23T02:00:00Z`. */
export function rpcTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The signed query string of a request: the canonicalized parameters plus `Signature`. */
export function signedQuery(
  method: 'GET' | 'POST',
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  const signature = rpcSignature(method, params, accessKeySecret);
  return `Signature=${percentEncode(signature)}&${canonicalizedQuery(params)}`;
}
