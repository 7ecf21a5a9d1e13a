import { type AdapterData, RegionLevel } from '@mediation/core';
import { AdapterInboundError, type Delivery, type DeliveryOutcome, type RoutingNotice } from './contract.js';
import { postJson } from './runtime/http.js';
import { signWebhook } from './runtime/webhook-signature.js';

/*
 * What the petition (信访), police (110) and court (诉调对接) adapters share: where a referral's case
 * is registered, which events concern the system, how feedback is sent, and how its health is asked.
 */

/** The `accepts` filter of a partner's outbound side: only the cases that system referred. */
export const referredBy =
  (system: string) =>
  (notice: RoutingNotice): boolean =>
    notice.case.externalSystem === system && !!notice.case.externalRef;

/**
 * POSTs one feedback message to `<baseUrl><path>`, signed with Standard Webhooks headers; the
 * delivery key is both the webhook id (so the partner's replay store dedupes too) and the
 * `Idempotency-Key`. The partner's `receiptNo`, when it answers one, is kept as the external id.
 */
export async function postSignedFeedback(
  delivery: Delivery,
  ctx: { config: { baseUrl: string; signingSecret: string }; signal: AbortSignal },
  path: string,
  message: unknown,
): Promise<DeliveryOutcome> {
  const signed = signWebhook(ctx.config.signingSecret, JSON.stringify(message), { id: delivery.deliveryKey });
  const response = await postJson(new URL(path, ctx.config.baseUrl).toString(), signed.body, {
    headers: { ...signed.headers, 'idempotency-key': delivery.deliveryKey },
    signal: ctx.signal,
  });
  const answer = (await response.json().catch(() => ({}))) as { receiptNo?: unknown };
  return typeof answer.receiptNo === 'string' ? { externalId: answer.receiptNo } : {};
}

/** A town/street or village/community by its 12-digit code, as the core registers cases there. */
export async function regionIdOf(data: AdapterData, code: string | undefined): Promise<number> {
  if (!code) throw new AdapterInboundError('regionCode is required (no default region is configured)', 400);
  const region = await data.regionByCode(code);
  if (!region) throw new AdapterInboundError(`unknown regionCode ${code}`, 422);
  if (region.level !== RegionLevel.TOWN && region.level !== RegionLevel.VILLAGE) {
    throw new AdapterInboundError(`regionCode ${code} is not a town/street or village/community`, 422);
  }
  return region.id;
}

/** `GET <baseUrl>/health` with a 2 s budget: the cheap check the admin API shows. */
export async function partnerHealth(baseUrl: string): Promise<{ ok: boolean; message?: string }> {
  try {
    const response = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(2_000) });
    return response.ok ? { ok: true } : { ok: false, message: `health answered ${response.status}` };
  } catch (error) {
    return { ok: false, message: `unreachable: ${(error as Error).name}` };
  }
}
