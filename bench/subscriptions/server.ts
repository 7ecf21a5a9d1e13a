/**
 * The benchmark's server process: our API (`caseFeed`) and a plain graphql-yoga + graphql-ws server
 * with a trivial schema, both fed by the same case-event pub/sub. The parent process (run.ts) holds
 * the clients and tells this one, over IPC, when to commit and publish case events.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { builtInAdapters, createPlatformRuntime } from '@mediation/adapters';
import { buildApp, createPlatformPubSub, signStaffToken } from '@mediation/api';
import { createCaseEventTimeline, createLogger, openDatabase, systemActor } from '@mediation/core';
import { seedDemoData } from '@mediation/core/seed';
import { useServer } from 'graphql-ws/use/ws';
import { createSchema, createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { FromServer, ToServer } from './protocol.js';

const send = (message: FromServer) => process.send?.(message);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const wallClock = () => performance.timeOrigin + performance.now();
const logger = createLogger({ level: 'warn' });

const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'mediation-bench-'));
const db = await openDatabase({ databaseUrl, dataDir, poolSize: 10, logger });
await seedDemoData(db.prisma, {});

// Staff sign in; the 1,000 screens share one token here, so the per-caller rate limit is off.
const jwtSecret = randomBytes(48).toString('base64url');
// The platform's own composition, with the publish time taken on the after-commit path.
const channelPrefix = `mediation-bench-${process.pid}:`;
const pubsub = createPlatformPubSub({
  redisUrl: process.env.REDIS_URL,
  channelPrefix,
  logger,
  timeline: createCaseEventTimeline(db.prisma),
});
const runtime = createPlatformRuntime({
  prisma: db.prisma,
  logger,
  adapters: builtInAdapters,
  live: {
    caseEvents: (notices) => {
      const at = wallClock();
      pubsub.caseEvents.publish(notices);
      for (const notice of notices) send({ type: 'published', eventId: notice.event.id, at });
    },
    deliveryUpdate: (update) => pubsub.deliveryUpdates.publish(update),
  },
});
const app = buildApp({
  runtime,
  pubsub,
  config: {
    graphiql: false,
    introspection: false,
    nodeEnv: 'production',
    redisUrl: process.env.REDIS_URL,
    jwtSecret,
    rateLimitPoints: 0,
  },
  db,
  logger,
  channelPrefix,
});
const oursUrl = await app.start(0, '127.0.0.1');

// The baseline: what graphql-yoga's graphql-ws example does, on Yoga's own pubsub.subscribe.
const { pubsub: yogaPubSub, topic } = app.caseEvents;
const plainYoga = createYoga({
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean! }
      type CaseEventMessage { eventId: Int! type: String! caseNumber: String! status: String! createdAt: String! }
      type Subscription { caseFeed: CaseEventMessage! }
    `,
    resolvers: {
      Query: { ok: () => true },
      Subscription: {
        caseFeed: {
          subscribe: () => yogaPubSub.subscribe(topic),
          resolve: (message: {
            eventId: number;
            type: string;
            createdAt: string;
            case: { number: string; status: string };
          }) => ({ ...message, caseNumber: message.case.number, status: message.case.status }),
        },
      },
    },
  }),
  logging: false,
});
type Enveloped = ReturnType<typeof plainYoga.getEnveloped>;
const plainServer = createServer(plainYoga);
const plainWss = new WebSocketServer({ server: plainServer, path: plainYoga.graphqlEndpoint });
useServer(
  {
    execute: (args) => (args.rootValue as Enveloped).execute(args),
    subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
    onSubscribe: async (ctx, _id, params) => {
      const { schema, execute, subscribe, contextFactory, parse, validate } = plainYoga.getEnveloped({
        ...ctx,
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        params,
      });
      const document = parse(params.query);
      const errors = validate(schema, document);
      if (errors.length) return errors;
      return {
        schema,
        document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: await contextFactory(),
        rootValue: { execute, subscribe },
      };
    },
  },
  plainWss,
);
await new Promise<void>((resolve) => plainServer.listen(0, '127.0.0.1', resolve));
const plainUrl = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}/graphql`;

// Events come from real commands: each report commits a case and its REPORTED event, then publishes.
const town = await db.prisma.region.findFirstOrThrow({
  where: { level: 'TOWN', children: { some: { grids: { some: {} } } } },
  orderBy: { id: 'asc' },
});
const grid = await db.prisma.grid.findFirstOrThrow({
  where: { region: { parentId: town.id } },
  orderBy: { id: 'asc' },
});
const { workflow } = runtime;
let reported = 0;
const reportOne = () =>
  workflow.report(systemActor('bench'), {
    title: `压测纠纷 ${++reported}`,
    facts: '基准测试产生的案件，用于测量订阅推送延迟。',
    category: 'NEIGHBORHOOD',
    source: 'WALK_IN',
    gridId: grid.id,
    parties: [{ role: 'APPLICANT', name: '测试人' }],
  });

// The runner went away (finished or crashed): do not linger holding ports and a database.
process.on('disconnect', () => process.exit(0));
process.on('message', async (message: ToServer) => {
  if (message.type === 'publish') {
    for (let i = 0; i < message.count; i++) {
      const started = Date.now();
      await reportOne();
      const wait = message.intervalMs - (Date.now() - started);
      if (wait > 0 && i < message.count - 1) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    send({ type: 'publishDone' });
  } else if (message.type === 'status') {
    if (message.gc) {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    send({
      type: 'status',
      oursActive: app.activeSubscriptions(),
      plainConnections: plainWss.clients.size,
      heapUsedMb: process.memoryUsage().heapUsed / 1e6,
    });
  } else if (message.type === 'stop') {
    await runtime.stop();
    await app.stop();
    plainServer.closeAllConnections();
    await new Promise<void>((resolve) => plainWss.close(() => plainServer.close(() => resolve())));
    await db.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});

send({
  type: 'ready',
  authorization: `Bearer ${await signStaffToken({ jwtSecret }, 'admin', { expiresIn: '2h' })}`,
  oursUrl,
  plainUrl,
  regionId: Buffer.from(`Region:${town.id}`).toString('base64'),
  database: db.kind,
  pubsub: process.env.REDIS_URL ? 'redis' : 'in-process',
});
