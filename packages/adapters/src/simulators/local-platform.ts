import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseWorkflow, Logger, PrismaClient } from '@mediation/core';
import type { AnyAdapter } from '../contract.js';
import { createPlatformRuntime, type PlatformRuntimeOptions } from '../platform/platform-runtime.js';
import type { AdapterRegistry } from '../registry.js';
import type { Dispatcher } from '../runtime/dispatcher.js';

export interface LocalPlatformOptions {
  prisma: PrismaClient;
  /** The adapters known; which run is `adapterSettings`. */
  adapters: readonly AnyAdapter[];
  adapterSettings: Record<string, unknown>;
  logger: Logger;
  /** @default 0 (any free port) */
  port?: number;
  clock?: () => Date;
  /** Passed to the dispatcher (e.g. `random: () => 0` for retries without jitter). */
  dispatcher?: PlatformRuntimeOptions['dispatcher'];
}

export interface LocalPlatform {
  /** Base URL: simulators post to `<url>/adapters/<id>/webhook`. */
  url: string;
  registry: AdapterRegistry;
  /** The case workflow, writing outbox rows for the registry's adapters. */
  workflow: CaseWorkflow;
  /** A dispatcher without a timer: call `dispatchOnce()`. */
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

/**
 * The platform runtime without GraphQL: its webhook endpoint on `node:http`, its case workflow and
 * a manual dispatcher. For round-trip tests with the simulators; the API server serves the same
 * runtime behind its own routes.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const { logger } = options;
  const runtime = createPlatformRuntime({
    prisma: options.prisma,
    logger,
    adapters: options.adapters,
    adapterSettings: options.adapterSettings,
    dispatch: 'manual',
    dispatcher: options.dispatcher,
    clock: options.clock,
  });
  const handle = runtime.webhooks.handle;

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
    registry: runtime.registry,
    workflow: runtime.workflow,
    dispatcher: runtime.dispatcher,
    async stop() {
      await runtime.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
