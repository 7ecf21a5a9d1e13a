import { CaseFeedSubscription, type MediationClient, type ResultOf } from '@mediation/sdk';

export type FeedEvent = ResultOf<typeof CaseFeedSubscription>['caseFeed'];

export interface ForwardOptions {
  /** Where the partner receives events (POST, JSON). */
  partnerUrl: string;
  /** Attempts per event before it is given up (reported through `onGiveUp`). @default 6 */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, with jitter. @default 500 */
  initialDelayMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  onDelivered?: (event: FeedEvent, attempts: number) => void;
  onGiveUp?: (event: FeedEvent, error: unknown) => void;
}

/**
 * 转发: every event of the high-risk feed (`caseFeed(filter: { minRisk: HIGH })`: cases at HIGH or
 * CRITICAL risk, and escalations) is POSTed to the partner, one at a time and in order, retried with
 * exponential backoff on a network failure, a 429 or a 5xx. Each event carries its id as
 * `Idempotency-Key`, so the partner can drop a retry it has already taken.
 */
export function forwardHighRiskFeed(client: MediationClient, options: ForwardOptions) {
  const post = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxAttempts = options.maxAttempts ?? 6;
  const initialDelayMs = options.initialDelayMs ?? 500;
  const feed = client.subscribe(CaseFeedSubscription, { filter: { minRisk: 'HIGH' } });
  let stopped = false;

  async function deliver(event: FeedEvent): Promise<void> {
    const body = JSON.stringify({
      eventId: event.id,
      type: event.type,
      occurredAt: event.createdAt,
      case: {
        number: event.case.number,
        title: event.case.title,
        status: event.case.status,
        riskLevel: event.case.riskLevel,
        region: event.case.region.name,
        grid: event.case.grid?.name ?? null,
      },
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await post(options.partnerUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': event.id },
          body,
        });
        if (response.ok) {
          options.onDelivered?.(event, attempt);
          return;
        }
        if (response.status !== 429 && response.status < 500) {
          throw Object.assign(new Error(`the partner refused the event: ${response.status}`), {
            final: true,
          });
        }
      } catch (error) {
        if ((error as { final?: boolean }).final || attempt >= maxAttempts || stopped) {
          options.onGiveUp?.(event, error);
          return;
        }
      }
      if (attempt >= maxAttempts) {
        options.onGiveUp?.(event, new Error(`no success after ${attempt} attempts`));
        return;
      }
      const delay = initialDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  const done = (async () => {
    for await (const { caseFeed } of feed) await deliver(caseFeed);
  })();

  return {
    /** Resolves when the feed ends (rejects with its typed error, e.g. UnauthenticatedError). */
    done,
    async stop(): Promise<void> {
      stopped = true;
      await feed.close();
    },
  };
}
