import { z } from 'zod';
import { AdapterInboundError, defineAdapter } from '../../src/contract.js';
import { postJson } from '../../src/runtime/http.js';
import { signWebhook } from '../../src/runtime/webhook-signature.js';
import { exampleConfig } from './example-partner.config.js';

/**
 * A generic partner system for the runtime's own tests and benchmarks (the template third parties
 * copy is `examples/wecom-robot-adapter`, a package of its own).
 *
 * Inbound: a partner posts signed referrals (`POST /adapters/example/webhook`).
 * Outbound: the platform POSTs accepted, agreement and closing events to the partner, signed with
 * Standard Webhooks headers and carrying the delivery key as `Idempotency-Key`.
 */
export const examplePartnerAdapter = defineAdapter({
  id: 'example',
  kind: 'example',
  displayName: 'Example partner system',
  config: exampleConfig,
  secrets: ['signingSecret', 'webhookSecrets'],
  delivery: { timeoutMs: 5_000, concurrency: 4, maxAttempts: 6 },

  inbound: {
    signingSecrets: (config) => config.webhookSecrets,
    body: z.object({
      referralId: z.string().trim().min(1).max(100),
      title: z.string(),
      facts: z.string(),
      category: z.string(),
      regionCode: z.string().optional(),
      applicant: z.object({ name: z.string(), phone: z.string().optional() }),
      respondent: z.object({ name: z.string() }).optional(),
    }),
    async parse(body, _headers, ctx) {
      const code = body.regionCode ?? ctx.config.defaultRegionCode;
      if (!code) throw new AdapterInboundError('regionCode is required (no default region configured)', 400);
      const region = await ctx.data.regionByCode(code);
      if (!region) throw new AdapterInboundError(`unknown regionCode ${code}`, 422);
      return {
        externalRef: body.referralId,
        title: body.title,
        facts: body.facts,
        // The core validates the category (and everything else) and answers 400 when it is wrong.
        category: body.category as never,
        source: 'OTHER',
        regionId: region.id,
        parties: [
          { role: 'APPLICANT', name: body.applicant.name, phone: body.applicant.phone },
          ...(body.respondent ? [{ role: 'RESPONDENT' as const, name: body.respondent.name }] : []),
        ],
      };
    },
  },

  outbound: {
    events: ['ACCEPTED', 'AGREEMENT_RECORDED', 'FAILED', 'CLOSED'],
    // Only cases this partner referred.
    accepts: (notice) => notice.case.externalSystem === 'example',
    async deliver(delivery, ctx) {
      const { payload } = delivery;
      const signed = signWebhook(
        ctx.config.signingSecret,
        JSON.stringify({
          referralId: payload.case.externalRef,
          caseNumber: payload.case.number,
          event: payload.type,
          status: payload.case.status,
          occurredAt: payload.occurredAt,
        }),
        // The delivery key doubles as the webhook id, so the partner's replay store also dedupes.
        { id: delivery.deliveryKey },
      );
      const response = await postJson(ctx.config.url, signed.body, {
        headers: { ...signed.headers, 'idempotency-key': delivery.deliveryKey },
        signal: ctx.signal,
      });
      return { externalId: response.headers.get('x-message-id') ?? undefined };
    },
  },

  async health(ctx) {
    try {
      const response = await fetch(new URL('/health', ctx.config.url), {
        signal: AbortSignal.timeout(2_000),
      });
      return response.ok ? { ok: true } : { ok: false, message: `health answered ${response.status}` };
    } catch (error) {
      return { ok: false, message: `unreachable: ${(error as Error).name}` };
    }
  },
});
