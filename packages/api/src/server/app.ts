import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformRuntime } from '@mediation/adapters';
import type { Database, Logger } from '@mediation/core';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { PlatformConfig } from '../config.js';
import { type Context, schema } from '../schema/index.js';
import { type AbuseLimitsConfig, abuseLimits } from './abuse-limits.js';
import {
  type AuthConfig,
  type Authenticator,
  type Credentials,
  createAuthenticator,
} from './authentication.js';
import { attachGraphQLWs, type GraphQLWsOptions } from './graphql-ws.js';
import type { CaseEventTopic, DeliveryUpdateTopic, PlatformPubSub } from './pubsub.js';
import { useAdapterWebhooks } from './use-adapter-webhooks.js';
import { createErrorMasker } from './use-error-codes.js';
import { useIdempotency } from './use-idempotency.js';
import { useRejectNulBytes } from './use-reject-nul-bytes.js';
import { useRequestLogging } from './use-request-logging.js';
import { useRequireSignIn } from './use-require-sign-in.js';

export interface AppOptions {
  config: Pick<PlatformConfig, 'graphiql' | 'introspection' | 'nodeEnv'> &
    AbuseLimitsConfig &
    Partial<Pick<PlatformConfig, 'subscriptionResumeWindowHours' | 'idempotencyKeyHours'>> &
    AuthConfig;
  db: Database;
  logger: Logger;
  /** The platform runtime (workflow, adapters, dispatcher, webhooks), built by `createPlatform`. */
  runtime: PlatformRuntime;
  /** The pub/sub the runtime publishes committed changes to; subscriptions listen on it. */
  pubsub: PlatformPubSub;
  /** The clock; tests pin it. */
  now?: () => Date;
  /**
   * Prefix of the rate-limit counters in Redis, so deployments or test runs sharing one Redis do not count each other.
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
  /** Connection-time check of graphql-ws clients (`connection_init`). @default the authenticator */
  onWebSocketConnect?: GraphQLWsOptions['onConnect'];
}

/** The HTTP side of an instance: Yoga with its plugins, graphql-ws, and the webhook routes. */
export interface App {
  yoga: ReturnType<typeof createYoga<Record<string, unknown>, Context>>;
  server: Server;
  /** Pub/sub of every topic (in-process, or Redis when `redisUrl` is set). */
  pubsub: PlatformPubSub;
  /** The case-event topic of `pubsub`. */
  caseEvents: CaseEventTopic;
  /** The delivery-update topic of `pubsub`. */
  deliveryUpdates: DeliveryUpdateTopic;
  /** Staff tokens and API keys. */
  authenticator: Authenticator;
  /** The runtime the app serves. */
  runtime: PlatformRuntime;
  /** Subscriptions (graphql-ws and SSE) currently open on this instance. */
  activeSubscriptions(): number;
  /** Listens and resolves with the URL of the GraphQL endpoint. */
  start(port: number, host?: string): Promise<string>;
  /** Closes WebSockets, the pub/sub and the HTTP server. The runtime is stopped by its owner. */
  stop(): Promise<void>;
}

/**
 * Yoga + plugins + graphql-ws over a platform runtime built elsewhere (`createPlatform`): server
 * concerns only. Nothing here builds a workflow, a dispatcher or an adapter registry.
 */
export function buildApp({
  config,
  db,
  logger,
  runtime,
  pubsub,
  now = () => new Date(),
  channelPrefix,
  onWebSocketConnect,
  authRecheckMs = 30_000,
  principalCacheMs,
  graphiqlHeaders,
}: AppOptions): App {
  const { caseEvents, deliveryUpdates, revocations } = pubsub;
  const authenticator = createAuthenticator(config, db, now, { principalCacheMs });
  // A key revoked or a user deactivated on any instance is forgotten by every instance's cache.
  revocations.listen((revoked) => authenticator.forget(revoked));
  const resumeWindowMs = (config.subscriptionResumeWindowHours ?? 24) * 3_600_000;
  const abuse = abuseLimits(config, { logger, redisKeyPrefix: channelPrefix });
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    ...abuse.yogaOptions,
    // The signed-in page (development) only for this machine: a loopback Host (no DNS rebinding)
    // and no foreign Origin, so a web page the developer visits cannot read the demo token.
    graphiql: config.graphiql
      ? (request) => ({
          title: '人民调解 GraphQL',
          defaultQuery: exampleQuery,
          shouldPersistHeaders: false,
          ...(graphiqlHeaders && isLocalRequest(request)
            ? { headers: JSON.stringify(graphiqlHeaders, null, 2) }
            : {}),
        })
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
        workflow: runtime.workflow,
        runtime,
        caseEvents,
        deliveryUpdates,
        revocations,
        resumeWindowMs,
        principal,
        credentials,
        authenticator,
        authRecheckMs,
      };
    },
    plugins: [
      // Signed by the external system, not by a staff token: answered before GraphQL.
      ...(runtime.webhooks.adapterIds.length
        ? [
            useAdapterWebhooks({
              adapterIds: runtime.webhooks.adapterIds,
              logger,
              handle: runtime.webhooks.handle,
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
    pubsub,
    caseEvents,
    deliveryUpdates,
    authenticator,
    runtime,
    activeSubscriptions: () => pubsub.activeSubscriptions(),
    async start(port, host) {
      // Fail the start while Redis is unreachable.
      await pubsub.ready();
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

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a request comes from this machine's browser: a loopback Host, and no Origin or a loopback one. */
export function isLocalRequest(request: Request): boolean {
  const host = request.headers.get('host');
  const hostname = host ? host.replace(/:\d+$/, '').toLowerCase() : null;
  if (!hostname || !loopbackHosts.has(hostname)) return false;
  const origin = request.headers.get('origin');
  if (!origin) return true;
  try {
    return loopbackHosts.has(new URL(origin).hostname.toLowerCase());
  } catch {
    return false;
  }
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
