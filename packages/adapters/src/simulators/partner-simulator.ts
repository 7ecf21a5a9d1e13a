import { verifyWebhookSignature } from '../runtime/webhook-signature.js';
import { type ReferralResponse, sendSignedReferral } from './referral-sender.js';
import {
  header,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulatorServer,
} from './simulator-server.js';

export interface PartnerSimulatorOptions extends SimulatorOptions {
  /** The platform's base URL for referrals; can be set later with `connect`. */
  platformUrl?: string;
  /** The secret this system signs referrals with (the adapter's `webhookSecrets`). */
  referralSecret: string;
  /**
   * The platform's secret for feedback (the adapter's `signingSecret`). When set, feedback with a
   * missing or bad signature is answered 401 and not recorded, as a strict partner would.
   */
  feedbackSecret?: string;
}

/** A simulated partner system: receives feedback, sends signed referrals. */
export interface RunningPartnerSimulator<TReferral, TFeedback> extends RunningSimulator {
  readonly adapterId: string;
  /** Where feedback is received, e.g. `http://127.0.0.1:40001/api/feedback`. */
  readonly feedbackUrl: string;
  /** Feedback bodies, one per idempotency key, in arrival order. */
  feedback(): TFeedback[];
  /** A realistic referral (a fresh external id each call), with `overrides` applied. */
  makeReferral(overrides?: Partial<TReferral>): TReferral;
  /**
   * Signs and posts a referral (a fresh one unless given) to `POST /adapters/<id>/webhook`, plus
   * `knobs.duplicates` copies of it.
   */
  sendReferral(referral?: TReferral): Promise<ReferralResponse[]>;
  /** Points referrals at the platform once it listens. */
  connect(platformUrl: string): void;
}

export interface PartnerDefinition<TReferral> {
  adapterId: string;
  feedbackPath: string;
  makeReferral(sequence: number, overrides: Partial<TReferral>): TReferral;
}

export async function startPartnerSimulator<TReferral, TFeedback>(
  definition: PartnerDefinition<TReferral>,
  options: PartnerSimulatorOptions,
): Promise<RunningPartnerSimulator<TReferral, TFeedback>> {
  let platformUrl = options.platformUrl;
  let sequence = 0;
  const sim = await startSimulatorServer(
    [
      {
        method: 'POST',
        path: definition.feedbackPath,
        handle({ rawBody, headers }) {
          if (options.feedbackSecret) {
            const check = verifyWebhookSignature([options.feedbackSecret], rawBody, new Headers(headers));
            if (!check.ok) return { kind: 'reply', status: 401, body: { error: check.message } };
          }
          const key = header(headers, 'idempotency-key') ?? header(headers, 'webhook-id');
          if (!key) return { kind: 'reply', status: 400, body: { error: 'Idempotency-Key header required' } };
          return { kind: 'accept', key };
        },
        answer: (message, duplicate) => ({ receiptNo: `${definition.adapterId}-${message.key}`, duplicate }),
      },
      { method: 'GET', path: '/health', handle: () => ({ kind: 'reply', status: 200, body: { ok: true } }) },
    ],
    options,
  );
  const makeReferral = (overrides: Partial<TReferral> = {}) => definition.makeReferral(++sequence, overrides);
  return {
    ...sim,
    adapterId: definition.adapterId,
    feedbackUrl: `${sim.url}${definition.feedbackPath}`,
    feedback: () => sim.received.map((m) => m.body as TFeedback),
    makeReferral,
    connect(url) {
      platformUrl = url;
    },
    async sendReferral(referral = makeReferral()) {
      if (!platformUrl) throw new Error(`${definition.adapterId} simulator: connect(platformUrl) first`);
      return sendSignedReferral(
        { platformUrl, adapterId: definition.adapterId, secret: options.referralSecret },
        referral,
        { duplicates: sim.knobs.duplicates },
      );
    },
  };
}
