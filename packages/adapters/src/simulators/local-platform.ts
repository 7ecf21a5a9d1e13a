import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CaseWorkflow, createCaseWorkflow, type Logger, type PrismaClient } from '@mediation/core';
import type { AdapterRegistry } from '../registry.js';
import { routeOutbox } from '../route-outbox.js';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../runtime/dispatcher.js';
import { createWebhookHandler } from '../runtime/webhooks.js';

export interface LocalPlatformOptions {
  prisma: PrismaClient;
  registry: AdapterRegistry;
  logger: Logger;
  /** @default 0 (any free port) */
  port?: number;
  clock?: () => Date;
  /** Passed to the dispatcher (e.g. `random: () => 0` for retries without jitter). */
  dispatcher?: Partial<Pick<DispatcherOptions, 'random' | 'leaseMarginMs' | 'dispatcherId'>>;
}

export interface LocalPlatform {
  /** Base URL: simulators post to `<url>/adapters/<id>/webhook`. */
  url: string;
  /** The case workflow, writing outbox rows for the registry's adapters. */
  workflow: CaseWorkflow;
  /** A dispatcher without a timer: call `dispatchOnce()`. */
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

/**
 * The platform's adapter side without GraphQL: the webhook endpoint on `node:http`, the case
 * workflow routing outbox rows to the registry's adapters, and a dispatcher. For round-trip tests
 * with the simulators; the API server wires the same pieces behind its own routes.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const { prisma, registry, logger } = options;
  const workflow = createCaseWorkflow({ prisma, routeOutbox: routeOutbox(registry), clock: options.clock });
  const handle = createWebhookHandler({
    prisma,
    registry,
    workflow,
    logger,
    now: options.clock ? () => options.clock!().getTime() : undefined,
  });
  const dispatcher = createDispatcher({
    prisma,
    registry,
    logger,
    clock: options.clock,
    ...options.dispatcher,
  });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const match = /^\/adapters\/([a-z0-9-]+)\/webhook$/.exec(request.url ?? '');
      if (!match) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      try {
        const answer = await handle(
          match[1]!,
          new Request(`http://platform${request.url}`, {
            method: request.method,
            headers,
            body: request.method === 'POST' ? Buffer.concat(chunks) : undefined,
          }),
        );
        response
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.body));
      } catch (error) {
        logger.error({ err: { type: (error as Error).name } }, 'local platform: webhook failed');
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    workflow,
    dispatcher,
    async stop() {
      await dispatcher.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
