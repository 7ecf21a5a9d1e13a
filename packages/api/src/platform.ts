import {
  type AnyAdapter,
  builtInAdapters,
  createPlatformRuntime,
  loadAdapterPackages,
  type PlatformRuntime,
  type PlatformRuntimeOptions,
} from '@mediation/adapters';
import {
  createCaseEventTimeline,
  type Database,
  type Logger,
  missingCalendarYears,
  openDatabase,
  shanghaiYear,
  syncBuiltInCalendar,
} from '@mediation/core';
import { seedDemoData } from '@mediation/core/seed';
import type { PlatformConfig } from './config.js';
import { type App, type AppOptions, buildApp } from './server/app.js';
import { signStaffToken } from './server/authentication.js';
import { createPlatformPubSub, type PlatformPubSub } from './server/pubsub.js';
import { createRedisReplayStore } from './server/webhook-replay-store.js';

export interface PlatformOptions
  extends Pick<
    AppOptions,
    'now' | 'channelPrefix' | 'authRecheckMs' | 'principalCacheMs' | 'graphiqlHeaders' | 'onWebSocketConnect'
  > {
  config: AppOptions['config'] &
    Partial<
      Pick<
        PlatformConfig,
        | 'redisUrl'
        | 'adapters'
        | 'deadlinePolicy'
        | 'deadlineScanSeconds'
        | 'dueSoonHours'
        | 'deliveryPollMs'
        | 'deliveryLeaseMarginMs'
        | 'subscriptionResumeWindowHours'
      >
    >;
  db: Database;
  logger: Logger;
  /**
   * The adapters this instance knows (which run is `config.adapters`).
   * @default the built-in adapters
   */
  adapters?: readonly AnyAdapter[];
  /** `manual` for tests that step the dispatcher with `dispatchOnce()`. @default 'polling' */
  dispatch?: PlatformRuntimeOptions['dispatch'];
  /** Dispatcher settings beyond the config's (a fixed id, jitter for tests). */
  dispatcher?: PlatformRuntimeOptions['dispatcher'];
}

/** One platform instance: the runtime, its pub/sub and the HTTP app over them. */
export interface PlatformInstance {
  runtime: PlatformRuntime;
  pubsub: PlatformPubSub;
  app: App;
  /** Connects the shared stores and listens; resolves with the GraphQL URL. */
  start(port: number, host?: string): Promise<string>;
  /** Stops in order: the runtime (scan, deliveries), then HTTP and the pub/sub, then shared stores. */
  stop(): Promise<void>;
}

/**
 * The composition root of an API instance: the pub/sub, the shared webhook replay store, the
 * platform runtime (registry, workflow, dispatcher, deadline scan, webhooks) publishing to that
 * pub/sub, and the app serving them. The CLI and the tests build instances here.
 */
export function createPlatform(options: PlatformOptions): PlatformInstance {
  const { config, db, logger } = options;
  const pubsub = createPlatformPubSub({
    redisUrl: config.redisUrl,
    channelPrefix: options.channelPrefix,
    logger,
    // Where subscribers catch up from: after a Redis outage, and when they resume with `after`.
    timeline: createCaseEventTimeline(db.prisma),
  });
  // Webhook ids already handled: shared by all instances through Redis, else this instance's memory.
  const replayStore = config.redisUrl
    ? createRedisReplayStore({
        redisUrl: config.redisUrl,
        keyPrefix: options.channelPrefix ?? 'mediation:',
        logger,
      })
    : undefined;
  let runtime: PlatformRuntime;
  try {
    runtime = createPlatformRuntime({
      prisma: db.prisma,
      logger,
      adapters: options.adapters ?? builtInAdapters,
      adapterSettings: config.adapters ?? {},
      deadlinePolicy: config.deadlinePolicy,
      live: {
        caseEvents: (notices) => pubsub.caseEvents.publish(notices),
        deliveryUpdate: (update) => pubsub.deliveryUpdates.publish(update),
      },
      dispatch: options.dispatch,
      dispatcher: {
        pollIntervalMs: config.deliveryPollMs,
        leaseMarginMs: config.deliveryLeaseMarginMs,
        ...options.dispatcher,
      },
      deadlineScan: {
        intervalSeconds: config.deadlineScanSeconds ?? 0,
        dueSoonHours: config.dueSoonHours ?? 24,
      },
      replayStore,
      clock: options.now,
    });
  } catch (error) {
    void pubsub.close();
    void replayStore?.close();
    throw error;
  }
  const app = buildApp({ ...options, runtime, pubsub });
  let stopping: Promise<void> | undefined;
  const instance: PlatformInstance = {
    runtime,
    pubsub,
    app,
    async start(port: number, host?: string) {
      await replayStore?.ready();
      return app.start(port, host);
    },
    stop() {
      stopping ??= (async () => {
        await runtime.stop();
        await app.stop();
        await replayStore?.close();
      })();
      return stopping;
    },
  };
  return instance;
}

export interface Platform extends PlatformInstance {
  config: PlatformConfig;
  db: Database;
  url: string;
}

/**
 * Starts everything a deployment runs: the database (migrated; the demo seeded on the first
 * embedded start), the platform instance with the built-in adapters and those of the config's
 * `adapterPackages`, and the HTTP server.
 */
export async function startPlatform(config: PlatformConfig, logger: Logger): Promise<Platform> {
  // A package that cannot be loaded or breaks the adapter contract stops the start, naming it.
  const thirdParty = await loadAdapterPackages(config.adapterPackages, { baseDir: config.baseDir });
  if (thirdParty.length) logger.info({ adapters: thirdParty.map((a) => a.id) }, 'adapter packages loaded');
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    poolWaitMs: config.dbPoolWaitMs,
    transactions: { maxWait: config.dbTransactionWaitMs, timeout: config.dbTransactionTimeoutMs },
    owner: 'server',
    logger,
  });
  let instance: PlatformInstance | undefined;
  try {
    const seed = config.seedDemo === 'always' || (config.seedDemo === 'auto' && db.kind === 'pglite');
    if (seed) {
      const result = await seedDemoData(db.prisma, { log: (message) => logger.info(message) });
      if (result.seeded) logger.info({ counts: result.counts }, 'demo data seeded');
    }
    const calendar = await syncBuiltInCalendar(db.prisma);
    if (calendar.inserted) logger.info({ days: calendar.inserted }, 'built-in holiday calendar loaded');
    const thisYear = shanghaiYear(new Date());
    const missingYears = await missingCalendarYears(db.prisma, [thisYear, thisYear + 1]);
    if (missingYears.length) {
      logger.warn(
        { years: missingYears },
        'no holiday calendar (节假日安排) for these years: working days count Monday to Friday until the schedule is added with setCalendarDays',
      );
    }
    // Development demo: GraphiQL opens signed in as the demo admin, so the example query just works.
    const demoSignIn =
      config.nodeEnv !== 'production' && config.graphiql && !config.jwtPublicKey && !config.jwtJwksUrl
        ? await db.prisma.user.findUnique({ where: { username: 'admin' }, select: { active: true } })
        : null;
    const graphiqlHeaders = demoSignIn?.active
      ? { Authorization: `Bearer ${await signStaffToken(config, 'admin', { expiresIn: '12h' })}` }
      : undefined;
    instance = createPlatform({
      config,
      db,
      logger,
      graphiqlHeaders,
      adapters: [...builtInAdapters, ...thirdParty],
    });
    const url = await instance.start(config.port, config.host);
    const enabledAdapters = instance.runtime.registry.enabled().map((adapter) => adapter.id);
    if (enabledAdapters.length) logger.info({ adapters: enabledAdapters }, 'adapters enabled');
    const running = instance;
    let stopping: Promise<void> | undefined;
    return {
      ...running,
      config,
      db,
      url,
      stop() {
        stopping ??= running.stop().then(() => db.close());
        return stopping;
      },
    };
  } catch (error) {
    await instance?.stop().catch(() => {});
    await db.close();
    throw error;
  }
}
