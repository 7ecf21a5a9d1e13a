import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * DingTalk's 加签 for custom robots, as its open documentation gives it: the string
 * `<timestamp>\n<secret>` is signed with HMAC-SHA256 under the secret, Base64-encoded, and sent
 * URL-encoded as `sign` beside `timestamp` (milliseconds) in the query. DingTalk refuses a
 * timestamp more than an hour away from its clock.
 */
export function dingTalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The robot URL with `timestamp` and `sign` added. */
export function signDingTalkUrl(webhookUrl: string, secret: string, timestampMs = Date.now()): string {
  const url = new URL(webhookUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingTalkSignature(secret, timestampMs));
  return url.toString();
}

/** What the simulated DingTalk checks; true when `sign` is right for `timestamp` within the hour. */
export function verifyDingTalkSignature(
  secret: string,
  timestamp: string | null,
  sign: string | null,
  nowMs = Date.now(),
): boolean {
  if (!timestamp || !sign || !/^\d{13}$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp)) > 3_600_000) return false;
  const expected = Buffer.from(dingTalkSignature(secret, Number(timestamp)));
  const given = Buffer.from(sign);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
