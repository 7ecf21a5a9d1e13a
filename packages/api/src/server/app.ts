import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AdapterRuntime,
  builtInAdapters,
  createAdapterRegistry,
  createAdapterRuntime,
  createWebhookHandler,
  type DeliveryUpdate,
  routeOutbox,
} from '@mediation/adapters';
import {
  type CaseEventNotice,
  createCaseWorkflow,
  createDeadlinePolicy,
  type Database,
  type Logger,
  type PlatformConfig,
} from '@mediation/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, useReadinessCheck } from 'graphql-yoga';
import { type Context, schema } from '../schema/index.js';
import { type AbuseLimitsConfig, abuseLimits } from './abuse-limits.js';
import {
  type AuthConfig,
  type Authenticator,
  type Credentials,
  createAuthenticator,
} from './authentication.js';
import { attachGraphQLWs, type GraphQLWsOptions } from './graphql-ws.js';
import {
  type CaseEventTopic,
  createPlatformPubSub,
  type DeliveryUpdateTopic,
  type PlatformPubSub,
} from './pubsub.js';
import { useAdapterWebhooks } from './use-adapter-webhooks.js';
import { createErrorMasker } from './use-error-codes.js';
import { useIdempotency } from './use-idempotency.js';
import { useRejectNulBytes } from './use-reject-nul-bytes.js';
import { useRequestLogging } from './use-request-logging.js';
import { useRequireSignIn } from './use-require-sign-in.js';
import { createRedisReplayStore } from './webhook-replay-store.js';

export interface AppOptions {
  config: Pick<PlatformConfig, 'graphiql' | 'introspection' | 'nodeEnv'> &
    AbuseLimitsConfig &
    Partial<Pick<PlatformConfig, 'redisUrl' | 'deadlinePolicy' | 'adapters' | 'idempotencyKeyHours'>> &
    AuthConfig;
  db: Database;
  logger: Logger;
  /** The clock; tests pin it. */
  now?: () => Date;
  /**
   * Prefix of the pub/sub channels and rate-limit counters in Redis, so deployments or test runs sharing one Redis do not hear each other.
   * @default 'mediation:'
   */
  channelPrefix?: string;
  /**
   * How often open subscriptions check their credentials again (a revoked key or an expired token
   * ends them).
   * @default 30_000
   */
  authRecheckMs?: number;
  /** How long a resolved principal is reused for the same credentials. @default 5_000 */
  principalCacheMs?: number;
  /** Headers GraphiQL starts with (development: a demo sign-in). */
  graphiqlHeaders?: Record<string, string>;
  /**
   * Adapters (outbox routing, webhooks, admin API).
   * @default the built-in adapters, enabled and configured by `config.adapters`
   */
  adapters?: AdapterRuntime;
  /** Connection-time check of graphql-ws clients (`connection_init`). @default the authenticator */
  onWebSocketConnect?: GraphQLWsOptions['onConnect'];
}

export interface App {
  yoga: ReturnType<typeof createYoga<Record<string, unknown>, Context>>;
  server: Server;
  /** Hands committed case events to subscribers (the workflow and the deadline scan call it after commit). */
  publishCaseEvents(notices: CaseEventNotice[]): void;
  /**
   * Hands a status change of a dispatcher running with this app to the admins subscribed to
   * `deliveryUpdates` on every instance (pass it as the dispatcher's `onUpdate`).
   */
  publishDeliveryUpdate(update: DeliveryUpdate): void;
  /** Pub/sub of every topic (in-process, or Redis when `redisUrl` is set). */
  pubsub: PlatformPubSub;
  /** The case-event topic of `pubsub`. */
  caseEvents: CaseEventTopic;
  /** The delivery-update topic of `pubsub`. */
  deliveryUpdates: DeliveryUpdateTopic;
  /** Staff tokens and API keys. */
  authenticator: Authenticator;
  /** The adapter registry and dispatcher counters (the platform starts the dispatcher). */
  adapters: AdapterRuntime;
  /** Subscriptions (graphql-ws and SSE) currently open on this instance. */
  activeSubscriptions(): number;
  /** Listens and resolves with the URL of the GraphQL endpoint. */
  start(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

export function buildApp({
  config,
  db,
  logger,
  now = () => new Date(),
  channelPrefix,
  onWebSocketConnect,
  authRecheckMs = 30_000,
  principalCacheMs,
  graphiqlHeaders,
  adapters = createAdapterRuntime(createAdapterRegistry(builtInAdapters, config.adapters ?? {})),
}: AppOptions): App {
  const pubsub = createPlatformPubSub({ redisUrl: config.redisUrl, channelPrefix, logger });
  const { caseEvents, deliveryUpdates } = pubsub;
  const authenticator = createAuthenticator(config, db, now, { principalCacheMs });
  const publishCaseEvents = (notices: CaseEventNotice[]) => {
    for (const notice of notices) {
      logger.debug(
        { caseId: notice.case.id, eventId: notice.event.id, type: notice.event.type },
        'case event',
      );
    }
    caseEvents.publish(notices);
    adapters.wake();
  };
  const publishDeliveryUpdate = (update: DeliveryUpdate) => deliveryUpdates.publish(update);
  const workflow = createCaseWorkflow({
    prisma: db.prisma,
    clock: now,
    onCommitted: publishCaseEvents,
    deadlines: createDeadlinePolicy(config.deadlinePolicy),
    routeOutbox: routeOutbox(adapters.registry),
  });
  const webhookAdapterIds = adapters.registry
    .enabled()
    .filter((adapter) => adapter.definition.inbound)
    .map((adapter) => adapter.id);
  const abuse = abuseLimits(config, { logger, redisKeyPrefix: channelPrefix });
  // Webhook ids already handled: shared by all instances through Redis, else this instance's memory.
  const replayStore =
    config.redisUrl && webhookAdapterIds.length
      ? createRedisReplayStore({
          redisUrl: config.redisUrl,
          keyPrefix: channelPrefix ?? 'mediation:',
          logger,
        })
      : undefined;
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    ...abuse.yogaOptions,
    graphiql: config.graphiql
      ? {
          title: '人民调解 GraphQL',
          defaultQuery: exampleQuery,
          shouldPersistHeaders: false,
          ...(graphiqlHeaders ? { headers: JSON.stringify(graphiqlHeaders, null, 2) } : {}),
        }
      : false,
    maskedErrors: {
      maskError: createErrorMasker((error) =>
        logger.error({ err: describeError(error) }, 'unexpected error in a resolver'),
      ),
    },
    // Yoga's own messages can quote the request (and so personal data); the errors that matter are
    // logged, described without their messages, by the masker above.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args) => logger.warn({ yoga: describeError(args[0]) }, 'graphql-yoga warning'),
      error: () => {},
    },
    // HTTP and SSE carry credentials in headers, graphql-ws in the connection_init payload; both are
    // checked again for every operation (so every subscription).
    context: async (initial) => {
      const credentials = credentialsOf(initial);
      const principal = await authenticator.authenticate(credentials);
      return {
        db,
        logger,
        now: now(),
        workflow,
        caseEvents,
        deliveryUpdates,
        principal,
        credentials,
        authenticator,
        authRecheckMs,
        adapters,
      };
    },
    plugins: [
      // Signed by the external system, not by a staff token: answered before GraphQL.
      ...(webhookAdapterIds.length
        ? [
            useAdapterWebhooks({
              adapterIds: webhookAdapterIds,
              logger,
              handle: createWebhookHandler({
                prisma: db.prisma,
                registry: adapters.registry,
                workflow,
                logger,
                replayStore,
                encodeCaseId: (id) => encodeGlobalID('Case', id),
              }),
            }),
          ]
        : []),
      useReadinessCheck({
        endpoint: '/readyz',
        check: async () => {
          try {
            await db.prisma.$queryRaw`SELECT 1`;
            return true;
          } catch {
            return false;
          }
        },
      }),
      // Before sign-in is required, so refused anonymous callers are counted by the rate limit too.
      ...abuse.plugins,
      useRequireSignIn(),
      useIdempotency({ prisma: db.prisma, logger, ttlHours: config.idempotencyKeyHours }),
      useRejectNulBytes(),
      useRequestLogging(logger),
      ...(config.introspection ? [] : [disableIntrospection()]),
    ],
  });

  const server = createServer(yoga);
  const webSockets = attachGraphQLWs({
    server,
    yoga,
    onConnect:
      onWebSocketConnect ??
      (async (ctx) => {
        try {
          await authenticator.authenticate(credentialsOf({ connectionParams: ctx.connectionParams }));
          return true;
        } catch {
          return false;
        }
      }),
  });
  let stopping: Promise<void> | undefined;

  return {
    yoga,
    server,
    publishCaseEvents,
    publishDeliveryUpdate,
    pubsub,
    caseEvents,
    deliveryUpdates,
    authenticator,
    adapters,
    activeSubscriptions: () => pubsub.activeSubscriptions(),
    async start(port, host) {
      // Fail the start while Redis is unreachable, and release its reconnecting clients.
      await Promise.all([pubsub.ready(), replayStore?.ready()]).catch(async (error) => {
        await pubsub.close();
        await replayStore?.close();
        throw error;
      });
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          resolve(`http://localhost:${actual}/graphql`);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        await webSockets.close();
        await pubsub.close();
        await replayStore?.close();
        await yoga.dispose();
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
      })();
      return stopping;
    },
  };
}

/** Rejects introspection queries (production default). */
function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

const exampleQuery = /* GraphQL */ `# 人民调解 GraphQL API: the newest cases with their grid and parties.
{
  cases(first: 5) {
    totalCount
    edges {
      node {
        id
        number
        title
        status
        category
        grid { name }
        parties { name role }
      }
    }
  }
}
`;

/**
 * What may be logged about an unexpected error: its kind, code and stack frames, never its message,
 * which for database errors can quote the values (phones, ID numbers) of the failed query.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 8);
  return { type: error.name, code: (error as { code?: unknown }).code, stack: frames.join('\n') };
}

/** Credentials from request headers (HTTP, SSE) or the graphql-ws `connection_init` payload. */
function credentialsOf(initial: {
  request?: Request;
  connectionParams?: Record<string, unknown> | undefined;
}): Credentials {
  const params = initial.connectionParams;
  if (params) {
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    return {
      authorization: text(params.authorization) ?? text(params.Authorization),
      apiKey: text(params.apiKey) ?? text(params['x-api-key']),
    };
  }
  return {
    authorization: initial.request?.headers.get('authorization'),
    apiKey: initial.request?.headers.get('x-api-key'),
  };
}
