import { signWebhook } from '../runtime/webhook-signature.js';

/** Where and how a simulated external system sends its referrals to the platform. */
export interface ReferralTarget {
  /** The platform's base URL, e.g. `http://127.0.0.1:4000`. */
  platformUrl: string;
  /** The adapter the system talks to: the path is `POST /adapters/<adapterId>/webhook`. */
  adapterId: string;
  /** The Standard Webhooks secret the system shares with the platform (`whsec_<base64>`). */
  secret: string;
}

export interface ReferralResponse {
  status: number;
  body: unknown;
  webhookId: string;
}

/**
 * Sends one referral, signed, then `duplicates` more copies of it: each copy is a new webhook
 * message (new `webhook-id`, fresh timestamp) with the same body, as a system that sends the same
 * referral twice does. The platform must answer every copy with the same case.
 */
export async function sendSignedReferral(
  target: ReferralTarget,
  referral: unknown,
  options: { duplicates?: number; fetch?: typeof fetch } = {},
): Promise<ReferralResponse[]> {
  const post = options.fetch ?? fetch;
  const url = new URL(`/adapters/${encodeURIComponent(target.adapterId)}/webhook`, target.platformUrl);
  const body = JSON.stringify(referral);
  const responses: ReferralResponse[] = [];
  for (let copy = 0; copy <= (options.duplicates ?? 0); copy++) {
    const signed = signWebhook(target.secret, body);
    const response = await post(url, { method: 'POST', headers: signed.headers, body: signed.body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    responses.push({ status: response.status, body: parsed, webhookId: signed.headers['webhook-id']! });
  }
  return responses;
}
