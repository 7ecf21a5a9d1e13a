import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createAdapterData, type Logger, type PrismaClient } from '@mediation/core';
import pLimit, { type LimitFunction } from 'p-limit';
import { AdapterDeliveryError, type Delivery, type DeliveryLimits, type OutboxPayload } from '../contract.js';
import { type AdapterRegistry, adapterLogger, type EnabledAdapter } from '../registry.js';

/** A change of one outbox row, for the admin `deliveryUpdates` subscription. */
export interface DeliveryUpdate {
  id: number;
  adapterId: string;
  deliveryKey: string;
  eventId: number;
  caseId: number;
  status: 'IN_FLIGHT' | 'PENDING' | 'DELIVERED' | 'DEAD';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

export interface DispatcherOptions {
  prisma: PrismaClient;
  registry: AdapterRegistry;
  logger: Logger;
  /**
   * Written to `lockedBy`, so an operator sees which instance holds a row; unique per dispatcher.
   * @default `<hostname>:<pid>:<random>`
   */
  dispatcherId?: string;
  /** Milliseconds between polls when nothing was due. @default 1_000 */
  pollIntervalMs?: number;
  /**
   * How long a claim lasts beyond the adapter's timeout. A row whose lease ran out (its dispatcher
   * died) is claimed again by any dispatcher. @default 30_000
   */
  leaseMarginMs?: number;
  /** Receives every status change (publish it to subscribers). */
  onUpdate?: (update: DeliveryUpdate) => void;
  /** @default () => new Date() */
  clock?: () => Date;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
}

/** In-memory counters of one dispatcher since it started. */
export interface DispatcherMetrics {
  delivered: number;
  retried: number;
  dead: number;
  /** Deliveries running now. */
  inflight: number;
  /** Rows claimed again after their lease expired (a dispatcher died or stalled). */
  reclaimed: number;
  byAdapter: Record<string, { delivered: number; retried: number; dead: number; inflight: number }>;
}

export interface DispatchSummary {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
}

export interface Dispatcher {
  readonly dispatcherId: string;
  /** Claims what is due now, delivers it, and resolves when those deliveries are settled. */
  dispatchOnce(): Promise<DispatchSummary>;
  /** Polls now instead of at the next tick (call after a commit that wrote outbox rows). */
  wake(): void;
  metrics(): DispatcherMetrics;
  /** Stops polling and waits for deliveries under way (each bounded by its timeout). */
  stop(): Promise<void>;
}

interface ClaimedRow {
  id: number;
  eventId: number;
  adapterId: string;
  deliveryKey: string;
  payload: OutboxPayload;
  attempts: number;
  reclaimed: boolean;
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base · 2^(attempt-1))).
 * Full jitter spreads the retries of a burst that failed together.
 */
export function backoffDelayMs(attempt: number, limits: DeliveryLimits, random: () => number): number {
  const ceiling = Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The outbox dispatcher, without a timer: `dispatchOnce` for tests and scripts. `startDispatcher`
 * adds the polling loop.
 *
 * Claiming is one statement: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)` marks due
 * rows IN_FLIGHT with this dispatcher's id and a lease, so two dispatchers (in one process or in
 * many instances) never hold one row at once. Delivery happens outside any transaction; the
 * outcome is written only if the row is still ours (same `lockedBy` and attempt), so a dispatcher
 * that outlived its lease cannot overwrite the work of the one that re-claimed the row.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  return buildDispatcher(options, false);
}

/**
 * Starts the dispatcher's polling loop (the platform runs one per instance; any number may run).
 * With no enabled outbound adapter it claims nothing.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  return buildDispatcher(options, true);
}

function buildDispatcher(options: DispatcherOptions, polling: boolean): Dispatcher {
  const { prisma, registry, logger } = options;
  const data = createAdapterData(prisma);
  // `lockedBy` holds 100 characters: a long host name is cut, the pid and the random part are kept.
  const dispatcherId =
    options.dispatcherId ?? `${hostname().slice(0, 60)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const leaseMarginMs = options.leaseMarginMs ?? 30_000;
  const outbound = registry.enabled().filter((a) => a.definition.outbound);
  const limiters = new Map<string, LimitFunction>(
    outbound.map((a) => [a.id, pLimit(a.limits.concurrency)] as const),
  );
  const running = new Set<Promise<void>>();
  const aborts = new Set<AbortController>();
  const metrics: DispatcherMetrics = {
    delivered: 0,
    retried: 0,
    dead: 0,
    inflight: 0,
    reclaimed: 0,
    byAdapter: Object.fromEntries(
      outbound.map((a) => [a.id, { delivered: 0, retried: 0, dead: 0, inflight: 0 }]),
    ),
  };

  async function claim(adapter: EnabledAdapter, limit: number): Promise<ClaimedRow[]> {
    const now = clock();
    const leaseUntil = new Date(now.getTime() + adapter.limits.timeoutMs + leaseMarginMs);
    return prisma.$queryRaw<ClaimedRow[]>`
      UPDATE "OutboxMessage" AS o
      SET "status" = 'IN_FLIGHT',
          "lockedBy" = ${dispatcherId},
          "lockedUntil" = ${leaseUntil},
          "attempts" = o."attempts" + 1,
          "updatedAt" = ${now}
      FROM (
        SELECT "id", "status" = 'IN_FLIGHT' AS "reclaimed"
        FROM "OutboxMessage"
        WHERE "adapterId" = ${adapter.id}
          AND (("status" = 'PENDING' AND "nextAttemptAt" <= ${now})
            OR ("status" = 'IN_FLIGHT' AND "lockedUntil" < ${now}))
        ORDER BY "nextAttemptAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE o."id" = due."id"
      RETURNING o."id", o."eventId", o."adapterId", o."deliveryKey", o."payload", o."attempts",
                due."reclaimed"`;
  }

  /** Writes the outcome if the row is still ours; returns whether it was. */
  async function settle(
    row: ClaimedRow,
    data: {
      status: 'DELIVERED' | 'PENDING' | 'DEAD';
      lastError?: string | null;
      nextAttemptAt?: Date;
      deliveredAt?: Date;
    },
  ): Promise<boolean> {
    const result = await prisma.outboxMessage.updateMany({
      where: { id: row.id, status: 'IN_FLIGHT', lockedBy: dispatcherId, attempts: row.attempts },
      data: { ...data, lockedBy: null, lockedUntil: null },
    });
    return result.count === 1;
  }

  function publish(
    row: ClaimedRow,
    update: Omit<DeliveryUpdate, 'id' | 'adapterId' | 'deliveryKey' | 'eventId' | 'caseId' | 'attempts'>,
  ) {
    if (!options.onUpdate) return;
    try {
      options.onUpdate({
        id: row.id,
        adapterId: row.adapterId,
        deliveryKey: row.deliveryKey,
        eventId: row.eventId,
        caseId: row.payload.case.id,
        attempts: row.attempts,
        ...update,
      });
    } catch (error) {
      logger.warn({ err: { type: (error as Error).name } }, 'delivery update listener failed');
    }
  }

  async function deliverOne(adapter: EnabledAdapter, row: ClaimedRow, summary: DispatchSummary) {
    const counters = metrics.byAdapter[adapter.id]!;
    const { limits } = adapter;
    const delivery: Delivery = {
      id: row.id,
      adapterId: row.adapterId,
      deliveryKey: row.deliveryKey,
      attempt: row.attempts,
      maxAttempts: limits.maxAttempts,
      payload: row.payload,
    };
    const log = adapterLogger(logger, adapter, { delivery: row.id, attempt: row.attempts });
    const abort = new AbortController();
    aborts.add(abort);
    metrics.inflight++;
    counters.inflight++;
    publish(row, { status: 'IN_FLIGHT', lastError: null, nextAttemptAt: null });
    let failure: unknown;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new AdapterDeliveryError(`timed out after ${limits.timeoutMs} ms`, {
            retryable: true,
          });
          abort.abort(error);
          reject(error);
        }, limits.timeoutMs);
      });
      await Promise.race([
        Promise.resolve().then(() =>
          adapter.definition.outbound!.deliver(delivery, {
            adapterId: adapter.id,
            config: adapter.config,
            logger: log,
            signal: abort.signal,
            data,
          }),
        ),
        timeout,
      ]);
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
      aborts.delete(abort);
      metrics.inflight--;
      counters.inflight--;
    }

    const now = clock();
    if (failure === undefined) {
      if (await settle(row, { status: 'DELIVERED', deliveredAt: now, lastError: null })) {
        metrics.delivered++;
        counters.delivered++;
        summary.delivered++;
        publish(row, { status: 'DELIVERED', lastError: null, nextAttemptAt: null });
      }
      return;
    }
    const lastError = describeFailure(failure);
    const retryable = !(failure instanceof AdapterDeliveryError) || failure.retryable;
    if (retryable && row.attempts < limits.maxAttempts) {
      const nextAttemptAt = new Date(now.getTime() + backoffDelayMs(row.attempts, limits, random));
      if (await settle(row, { status: 'PENDING', lastError, nextAttemptAt })) {
        metrics.retried++;
        counters.retried++;
        summary.retried++;
        log.info({ nextAttemptAt, error: lastError }, 'delivery failed; retry scheduled');
        publish(row, { status: 'PENDING', lastError, nextAttemptAt });
      }
      return;
    }
    if (await settle(row, { status: 'DEAD', lastError })) {
      metrics.dead++;
      counters.dead++;
      summary.dead++;
      log.warn({ error: lastError }, 'delivery failed for good: dead letter');
      publish(row, { status: 'DEAD', lastError, nextAttemptAt: null });
    }
  }

  /** Claims up to each adapter's free slots and starts the deliveries; returns their promises. */
  async function tick(summary: DispatchSummary): Promise<Promise<void>[]> {
    const started: Promise<void>[] = [];
    for (const adapter of outbound) {
      const limiter = limiters.get(adapter.id)!;
      const free = adapter.limits.concurrency - limiter.activeCount - limiter.pendingCount;
      if (free <= 0) continue;
      const rows = await claim(adapter, free);
      summary.claimed += rows.length;
      for (const row of rows) {
        if (row.reclaimed) {
          metrics.reclaimed++;
          logger.warn({ adapter: adapter.id, delivery: row.id }, 'lease expired: delivery claimed again');
        }
        const promise = limiter(() => deliverOne(adapter, row, summary)).catch((error) => {
          // The database failed while settling: the lease runs out and the row is claimed again.
          logger.error(
            { err: describeFailure(error), delivery: row.id },
            'could not record a delivery outcome',
          );
        });
        running.add(promise);
        void promise.finally(() => running.delete(promise));
        started.push(promise);
      }
    }
    return started;
  }

  let timer: NodeJS.Timeout | undefined;
  let timerDue = Number.POSITIVE_INFINITY;
  let ticking: Promise<void> | undefined;
  /** A wake-up (a commit, a freed slot) arrived while a tick was claiming: tick again at once. */
  let rerun = false;
  let stopped = false;

  /** Runs `loop` after `delayMs`, unless it is already due sooner (a wake-up is never postponed). */
  const schedule = (delayMs: number) => {
    if (stopped || !polling || !outbound.length) return;
    const due = performance.now() + delayMs;
    if (timer && due >= timerDue) return;
    clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(() => {
      timer = undefined;
      timerDue = Number.POSITIVE_INFINITY;
      loop();
    }, delayMs);
    timer.unref();
  };
  const loop = () => {
    if (stopped) return;
    if (ticking) {
      rerun = true;
      return;
    }
    rerun = false;
    const summary: DispatchSummary = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
    ticking = tick(summary)
      .then((started) => {
        // Something was due: look again as soon as a slot frees up, not a whole interval later.
        for (const p of started) void p.finally(() => schedule(0));
      })
      .catch((error) => logger.error({ err: describeFailure(error) }, 'outbox claim failed; retrying'))
      .finally(() => {
        ticking = undefined;
        schedule(rerun ? 0 : (options.pollIntervalMs ?? 1_000));
      });
  };

  const dispatcher: Dispatcher = {
    dispatcherId,
    async dispatchOnce() {
      // A polling dispatcher claims in its own loop; a second claimer beside it would take more
      // rows than its slots, and rows waiting for a slot could outlive their lease.
      if (polling) throw new Error('dispatchOnce is for a dispatcher made by createDispatcher (no polling)');
      const summary: DispatchSummary = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
      const started = await tick(summary);
      await Promise.all(started);
      return summary;
    },
    wake() {
      schedule(0);
    },
    metrics: () => structuredClone(metrics),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking;
      await Promise.all([...running]);
    },
  };
  if (polling && outbound.length) schedule(0);
  return dispatcher;
}

/** What is kept of a failure: kind, message and the cause's kind, cut to the column's size. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown: ${typeof error}`;
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`.slice(0, 2000);
}
