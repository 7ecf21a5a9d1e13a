import {
  builtInAdapters,
  createAdapterRegistry,
  createAdapterRuntime,
  routeOutbox,
} from '@mediation/adapters';
import {
  type Database,
  type Logger,
  missingCalendarYears,
  openDatabase,
  type PlatformConfig,
  seedDemoData,
  shanghaiYear,
  startDeadlineScanner,
  syncBuiltInCalendar,
} from '@mediation/core';
import { type App, buildApp } from './server/app.js';
import { signStaffToken } from './server/authentication.js';

export interface Platform {
  config: PlatformConfig;
  db: Database;
  app: App;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts everything a deployment runs: the database (migrated; the demo seeded on the first
 * embedded start) and the HTTP server.
 */
export async function startPlatform(config: PlatformConfig, logger: Logger): Promise<Platform> {
  // Adapter settings are checked before anything starts: AdapterConfigError names adapter and field.
  const adapters = createAdapterRuntime(createAdapterRegistry(builtInAdapters, config.adapters));
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    poolWaitMs: config.dbPoolWaitMs,
    transactions: { maxWait: config.dbTransactionWaitMs, timeout: config.dbTransactionTimeoutMs },
    owner: 'server',
    logger,
  });
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
    const app = buildApp({ config, db, logger, graphiqlHeaders, adapters });
    const url = await app.start(config.port, config.host);
    const deadlineScanner = startDeadlineScanner({
      prisma: db.prisma,
      logger,
      intervalSeconds: config.deadlineScanSeconds,
      dueSoonHours: config.dueSoonHours,
      publish: (notices) => app.publishCaseEvents(notices),
      routeOutbox: routeOutbox(app.adapters.registry),
    });
    // Delivers the outbox to the enabled adapters; any number of instances may run one.
    const dispatcher = app.adapters.startDispatcher({
      prisma: db.prisma,
      logger,
      pollIntervalMs: config.deliveryPollMs,
      leaseMarginMs: config.deliveryLeaseMarginMs,
      onUpdate: (update) => app.publishDeliveryUpdate(update),
    });
    const enabledAdapters = app.adapters.registry.enabled().map((adapter) => adapter.id);
    if (enabledAdapters.length) logger.info({ adapters: enabledAdapters }, 'adapters enabled');
    let stopping: Promise<void> | undefined;
    return {
      config,
      db,
      app,
      url,
      stop() {
        stopping ??= Promise.all([deadlineScanner.stop(), dispatcher.stop()])
          .then(() => app.stop())
          .then(() => db.close());
        return stopping;
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
