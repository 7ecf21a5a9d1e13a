import { randomUUID } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-signature` holds one or
 * more space-separated `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`. Verification and
 * signing use the maintained `standardwebhooks` package; this file adds several secrets (rotation)
 * and tells the caller *why* a call was refused.
 */

/** How old or how far in the future a `webhook-timestamp` may be (the package's fixed tolerance). */
export const webhookToleranceSeconds = 5 * 60;

export type SignatureFailure = 'missing' | 'expired' | 'bad-signature';

export type SignatureCheck =
  | { ok: true; webhookId: string; timestamp: number }
  | { ok: false; reason: SignatureFailure; message: string };

/** The three Standard Webhooks headers, read case-insensitively. */
export function webhookHeaders(headers: Headers): Record<string, string> {
  return {
    'webhook-id': headers.get('webhook-id') ?? '',
    'webhook-timestamp': headers.get('webhook-timestamp') ?? '',
    'webhook-signature': headers.get('webhook-signature') ?? '',
  };
}

/**
 * Verifies a raw body against any of `secrets` (newest first; several while rotating). The body
 * must be the exact bytes received, not re-serialized JSON.
 */
export function verifyWebhookSignature(
  secrets: readonly string[],
  body: string,
  headers: Headers,
  nowMs: number = Date.now(),
): SignatureCheck {
  const h = webhookHeaders(headers);
  if (!h['webhook-id'] || !h['webhook-timestamp'] || !h['webhook-signature']) {
    return {
      ok: false,
      reason: 'missing',
      message: 'unsigned call: send webhook-id, webhook-timestamp and webhook-signature headers',
    };
  }
  const timestamp = Number(h['webhook-timestamp']);
  if (!/^\d+$/.test(h['webhook-timestamp']) || !Number.isSafeInteger(timestamp)) {
    return { ok: false, reason: 'bad-signature', message: 'webhook-timestamp must be Unix seconds' };
  }
  // Checked here, against the injectable clock, before the package's own (Date.now) check.
  if (Math.abs(Math.floor(nowMs / 1000) - timestamp) > webhookToleranceSeconds) {
    return {
      ok: false,
      reason: 'expired',
      message: `webhook-timestamp is more than ${webhookToleranceSeconds / 60} minutes away from now`,
    };
  }
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, h, { jsonParse: false });
      return { ok: true, webhookId: h['webhook-id'], timestamp };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
    }
  }
  return { ok: false, reason: 'bad-signature', message: 'no signature matches an active secret' };
}

export interface SignedWebhook {
  headers: Record<string, string>;
  body: string;
}

/**
 * Signs a body for sending (outbound deliveries, simulators, tests). Pass several secrets to send
 * several signatures (the receiver may be rotating).
 */
export function signWebhook(
  secrets: string | readonly string[],
  body: string,
  options: { id?: string; timestampSeconds?: number } = {},
): SignedWebhook {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestampSeconds = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  const at = new Date(timestampSeconds * 1000);
  const signature = list.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestampSeconds),
      'webhook-signature': signature,
    },
  };
}

/** A fresh random secret in the `whsec_<base64>` form. */
export function generateWebhookSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;
}
