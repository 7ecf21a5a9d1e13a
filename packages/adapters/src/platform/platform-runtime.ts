import {
  type CaseEventNotice,
  type CaseWorkflow,
  createCaseWorkflow,
  createDeadlinePolicy,
  type DeadlinePolicyConfig,
  type DeadlineScanner,
  type Logger,
  type PrismaClient,
  startDeadlineScanner,
} from '@mediation/core';
import type { AnyAdapter } from '../contract.js';
import { type AdapterRegistry, createAdapterRegistry } from '../registry.js';
import { routeOutbox } from '../route-outbox.js';
import {
  createDispatcher,
  type DeliveryUpdate,
  type Dispatcher,
  type DispatcherMetrics,
  type DispatcherOptions,
  startDispatcher,
} from '../runtime/dispatcher.js';
import { createWebhookHandler, type WebhookHandler, type WebhookReplayStore } from '../runtime/webhooks.js';

/**
 * Where committed changes go live: the API hands in its pub/sub (in-process, or Redis across
 * instances). Called only after commit.
 */
export interface LiveEventSink {
  /** Committed case events, from the workflow and the deadline scan. */
  caseEvents(notices: readonly CaseEventNotice[]): void;
  /** Status changes of this instance's dispatcher. */
  deliveryUpdate(update: DeliveryUpdate): void;
}

export interface PlatformRuntimeOptions {
  prisma: PrismaClient;
  logger: Logger;
  /**
   * Every adapter this deployment knows: the built-ins and any loaded from packages
   * (`loadAdapterPackages`). Which ones run is decided by `adapterSettings`.
   */
  adapters: readonly AnyAdapter[];
  /** The config's `adapters` section: `{ "<id>": { "enabled": true, ...its config } }`. */
  adapterSettings?: Record<string, unknown>;
  deadlinePolicy?: DeadlinePolicyConfig;
  /** @default nothing goes live (scripts and tests that only read the database) */
  live?: LiveEventSink;
  /**
   * `polling`: the dispatcher delivers on its own (woken by every commit, else every
   * `pollIntervalMs`). `manual`: nothing is delivered until `dispatcher.dispatchOnce()` is called
   * (tests and scripts that step through deliveries).
   * @default 'polling'
   */
  dispatch?: 'polling' | 'manual';
  /** Dispatcher settings; its clock is the real one unless given here (retries wait in real time). */
  dispatcher?: Partial<
    Pick<DispatcherOptions, 'pollIntervalMs' | 'leaseMarginMs' | 'dispatcherId' | 'random' | 'clock'>
  >;
  /**
   * The deadline scan (due-soon and overdue events): seconds between scans, 0 for none.
   * @default { intervalSeconds: 0, dueSoonHours: 24 }
   */
  deadlineScan?: { intervalSeconds: number; dueSoonHours: number };
  /** Webhook ids already handled (shared through Redis by the API). @default per instance, in memory */
  replayStore?: WebhookReplayStore;
  /** The clock of the commands and the deadline scan; tests pin it. @default () => new Date() */
  clock?: () => Date;
}

/** Everything a platform instance runs besides HTTP, built once and stopped in order. */
export interface PlatformRuntime {
  readonly registry: AdapterRegistry;
  /** The case workflow: outbox rows for the registry's adapters, and after commit `committed`. */
  readonly workflow: CaseWorkflow;
  /** This instance's outbox dispatcher (polling or manual, as configured). */
  readonly dispatcher: Dispatcher;
  /** Inbound webhooks (`POST /adapters/<id>/webhook`) of the enabled adapters that take them. */
  readonly webhooks: { readonly adapterIds: readonly string[]; readonly handle: WebhookHandler };
  /**
   * The after-commit path of every command that records case events: publishes them live and
   * wakes the dispatcher for the outbox rows they wrote.
   */
  committed(notices: readonly CaseEventNotice[]): void;
  metrics(): DispatcherMetrics;
  /** Stops the deadline scan and the dispatcher (waiting for deliveries under way). Idempotent. */
  stop(): Promise<void>;
}

/**
 * The platform's composition root without HTTP: builds the adapter registry once, the case
 * workflow routing outbox rows to it with the after-commit path, the dispatcher, the deadline
 * scanner and the webhook handler. The API server, the CLI, the tests, the bench and the
 * simulators' local platform all build through it.
 *
 * @throws AdapterConfigError naming every bad adapter setting, before anything starts
 */
export function createPlatformRuntime(options: PlatformRuntimeOptions): PlatformRuntime {
  const { prisma, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const registry = createAdapterRegistry(options.adapters, options.adapterSettings ?? {});
  const outbox = routeOutbox(registry);

  const dispatcherOptions: DispatcherOptions = {
    prisma,
    registry,
    logger,
    ...options.dispatcher,
    onUpdate: (update) => options.live?.deliveryUpdate(update),
  };
  const dispatcher =
    (options.dispatch ?? 'polling') === 'polling'
      ? startDispatcher(dispatcherOptions)
      : createDispatcher(dispatcherOptions);

  const committed = (notices: readonly CaseEventNotice[]) => {
    if (!notices.length) return;
    for (const notice of notices) {
      logger.debug(
        { caseId: notice.case.id, eventId: notice.event.id, type: notice.event.type },
        'case event',
      );
    }
    try {
      options.live?.caseEvents(notices);
    } catch (error) {
      logger.error({ err: { type: (error as Error).name } }, 'publishing committed events failed');
    }
    dispatcher.wake();
  };

  const workflow = createCaseWorkflow({
    prisma,
    clock,
    onCommitted: committed,
    deadlines: createDeadlinePolicy(options.deadlinePolicy),
    routeOutbox: outbox,
  });

  const handle = createWebhookHandler({
    prisma,
    registry,
    workflow,
    logger,
    replayStore: options.replayStore,
    // Signatures are checked against the real time, whatever clock the commands run on.
  });
  const webhookAdapterIds = registry
    .enabled()
    .filter((adapter) => adapter.definition.inbound)
    .map((adapter) => adapter.id);

  const scan = options.deadlineScan ?? { intervalSeconds: 0, dueSoonHours: 24 };
  const scanner: DeadlineScanner = startDeadlineScanner({
    prisma,
    logger,
    intervalSeconds: scan.intervalSeconds,
    dueSoonHours: scan.dueSoonHours,
    publish: committed,
    routeOutbox: outbox,
    clock,
  });

  let stopping: Promise<void> | undefined;
  return Object.freeze({
    registry,
    workflow,
    dispatcher,
    webhooks: Object.freeze({ adapterIds: Object.freeze(webhookAdapterIds), handle }),
    committed,
    metrics: () => dispatcher.metrics(),
    stop() {
      // The scan first: it may still commit events whose outbox rows the dispatcher would deliver.
      stopping ??= scanner.stop().then(() => dispatcher.stop());
      return stopping;
    },
  });
}
