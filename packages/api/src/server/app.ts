import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CaseEventNotice,
  createCaseWorkflow,
  createDeadlinePolicy,
  type Database,
  type Logger,
  type PlatformConfig,
} from '@mediation/core';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, useReadinessCheck } from 'graphql-yoga';
import { type Context, schema } from '../schema/index.js';
import { attachGraphQLWs, type GraphQLWsOptions } from './graphql-ws.js';
import { type CaseEventPubSub, createCaseEventPubSub } from './pubsub.js';
import { createErrorMasker } from './use-error-codes.js';
import { useRequestLogging } from './use-request-logging.js';

export interface AppOptions {
  config: Pick<PlatformConfig, 'graphiql' | 'introspection' | 'nodeEnv'> &
    Partial<Pick<PlatformConfig, 'redisUrl' | 'deadlinePolicy'>>;
  db: Database;
  logger: Logger;
  /** The clock; tests pin it. */
  now?: () => Date;
  /**
   * Prefix of the pub/sub channels in Redis, so deployments or test runs sharing one Redis do not hear each other.
   * @default 'mediation:'
   */
  channelPrefix?: string;
  /** Connection-time check of graphql-ws clients (`connection_init`). @default accepts all */
  onWebSocketConnect?: GraphQLWsOptions['onConnect'];
}

export interface App {
  yoga: ReturnType<typeof createYoga<Record<string, unknown>, Context>>;
  server: Server;
  /** Hands committed case events to subscribers (the workflow and the deadline scan call it after commit). */
  publishCaseEvents(notices: CaseEventNotice[]): void;
  /** Case-event pub/sub (in-process, or Redis when `redisUrl` is set). */
  caseEvents: CaseEventPubSub;
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
}: AppOptions): App {
  const caseEvents = createCaseEventPubSub({ redisUrl: config.redisUrl, channelPrefix, logger });
  const publishCaseEvents = (notices: CaseEventNotice[]) => {
    for (const notice of notices) {
      logger.debug(
        { caseId: notice.case.id, eventId: notice.event.id, type: notice.event.type },
        'case event',
      );
    }
    caseEvents.publish(notices);
  };
  const workflow = createCaseWorkflow({
    prisma: db.prisma,
    clock: now,
    onCommitted: publishCaseEvents,
    deadlines: createDeadlinePolicy(config.deadlinePolicy),
  });
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: config.graphiql
      ? { title: '人民调解 GraphQL', defaultQuery: exampleQuery, shouldPersistHeaders: false }
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
    context: () => ({ db, logger, now: now(), workflow, caseEvents }),
    plugins: [
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
      useRequestLogging(logger),
      ...(config.introspection ? [] : [disableIntrospection()]),
    ],
  });

  const server = createServer(yoga);
  const webSockets = attachGraphQLWs({ server, yoga, onConnect: onWebSocketConnect });
  let stopping: Promise<void> | undefined;

  return {
    yoga,
    server,
    publishCaseEvents,
    caseEvents,
    activeSubscriptions: () => caseEvents.activeSubscriptions(),
    async start(port, host) {
      await caseEvents.ready();
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
        await caseEvents.close();
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
