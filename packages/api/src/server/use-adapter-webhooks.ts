import { type WebhookHandler, webhookUnavailable } from '@mediation/adapters';
import { isDatabaseUnavailable, type Logger } from '@mediation/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Plugin } from 'graphql-yoga';

export interface AdapterWebhooksOptions {
  /** Handles a verified call for one adapter (`createWebhookHandler` from @mediation/adapters). */
  handle: WebhookHandler;
  /**
   * Adapter ids that take webhooks here; any other `/adapters/…` path is a JSON 404
   * (`UNKNOWN_ADAPTER`), the same for unknown, disabled and outbound-only adapters.
   */
  adapterIds: readonly string[];
  logger: Logger;
}

const webhookPath = /^\/adapters\/([a-z][a-z0-9-]*)\/webhook\/?$/;

/**
 * Mounts inbound adapter webhooks at `POST /adapters/<id>/webhook`, before GraphQL: they carry
 * their own authentication (Standard Webhooks signatures), not staff tokens. Answers JSON.
 */
export function useAdapterWebhooks(options: AdapterWebhooksOptions): Plugin {
  const ids = new Set(options.adapterIds);
  return {
    async onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith('/adapters/')) return;
      const match = webhookPath.exec(url.pathname);
      if (!match || !ids.has(match[1]!)) {
        endResponse(
          json(404, {
            error: { code: 'UNKNOWN_ADAPTER', message: 'no adapter takes webhooks at this path here' },
          }),
        );
        return;
      }
      if (request.method !== 'POST') {
        endResponse(
          json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } }, { allow: 'POST' }),
        );
        return;
      }
      try {
        const result = await options.handle(match[1]!, request);
        // The case as the API names it: its global id, as `node(id:)` takes it.
        const body =
          typeof result.body.caseId === 'number'
            ? { ...result.body, caseId: encodeGlobalID('Case', result.body.caseId) }
            : result.body;
        endResponse(json(result.status, body, result.headers));
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          const unavailable = webhookUnavailable();
          endResponse(json(unavailable.status, unavailable.body, unavailable.headers));
          return;
        }
        // The handler answers every expected failure itself; anything else is ours, logged, not shown.
        options.logger.error(
          { adapter: match[1], err: { type: (error as Error).name, message: (error as Error).message } },
          'webhook failed unexpectedly',
        );
        endResponse(
          json(500, { error: { code: 'INTERNAL', message: 'the call could not be handled; retry later' } }),
        );
      }
    },
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
