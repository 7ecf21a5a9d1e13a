import {
  type CaseWorkflow,
  ConflictError,
  createAdapterData,
  fields,
  isDatabaseUnavailable,
  type Logger,
  type PrismaClient,
  systemActor,
  ValidationError,
} from '@mediation/core';
import type { z } from 'zod';
import { AdapterError, AdapterInboundError, UnknownAdapterError } from '../contract.js';
import { type AdapterRegistry, adapterLogger } from '../registry.js';
import { verifyWebhookSignature, webhookToleranceSeconds } from './webhook-signature.js';

/** What the webhook endpoint answers. */
export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
  /** Extra response headers (`Retry-After` on a 503). */
  headers?: Record<string, string>;
}

/** Seconds a partner waits before retrying a webhook refused because the database is busy or down. */
export const webhookRetryAfterSeconds = 1;

/**
 * The database is busy or unreachable: 503 with `Retry-After`, so the partner's sender retries (the
 * same webhook id gets in again; the referral is idempotent on its external id).
 */
export function webhookUnavailable(): WebhookResponse {
  return {
    status: 503,
    headers: { 'Retry-After': String(webhookRetryAfterSeconds) },
    body: {
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'the database is busy or unreachable; retry shortly',
        retryable: true,
      },
    },
  };
}

/**
 * Webhook ids already taken, so a captured request cannot be replayed within the timestamp
 * tolerance (after it, the timestamp check refuses it anyway). Claiming is atomic: of two copies
 * arriving at once, one is handled and the other refused.
 */
export interface WebhookReplayStore {
  /** Takes `key` until `expiresAtMs`; false when it is already taken (a replay). */
  claim(key: string, expiresAtMs: number, nowMs: number): Promise<boolean> | boolean;
  /** Gives `key` back: the call failed on our side, and the sender's retry (same id) must get in. */
  release(key: string): Promise<void> | void;
}

/**
 * A bounded in-memory replay store (per instance; the API shares one through Redis when it has
 * `REDIS_URL`). Across instances without it, a replayed referral still changes nothing: referrals
 * are idempotent on the external id.
 */
export function createMemoryReplayStore(maxEntries = 100_000): WebhookReplayStore {
  const seen = new Map<string, number>();
  return {
    claim(key, expiresAtMs, nowMs) {
      const expires = seen.get(key);
      if (expires !== undefined && expires > nowMs) return false;
      seen.delete(key);
      seen.set(key, expiresAtMs);
      // Map keeps insertion order: the oldest go first.
      while (seen.size > maxEntries) seen.delete(seen.keys().next().value!);
      return true;
    },
    release(key) {
      seen.delete(key);
    },
  };
}

export interface WebhookHandlerOptions {
  prisma: PrismaClient;
  registry: AdapterRegistry;
  workflow: Pick<CaseWorkflow, 'report'>;
  logger: Logger;
  /** @default a bounded in-memory store */
  replayStore?: WebhookReplayStore;
  /** Largest body accepted, bytes. @default 1_048_576 */
  maxBodyBytes?: number;
  /** @default Date.now */
  now?: () => number;
}

export type WebhookHandler = (adapterId: string, request: Request) => Promise<WebhookResponse>;

const refuse = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { error: { code, message, ...extra } },
});

/**
 * Inbound webhooks (`POST /adapters/<id>/webhook`): verifies the Standard Webhooks signature
 * against the adapter's active secrets, refuses replays, validates the body with the adapter's
 * schema, maps it to a referral and registers it through the case workflow, idempotently on the
 * external id: a repeated referral answers the case already registered (`duplicate: true`).
 * Refusals (401, 400, 404, 422) change nothing.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const { prisma, registry, workflow, logger } = options;
  const data = createAdapterData(prisma);
  const replayStore = options.replayStore ?? createMemoryReplayStore();
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  const now = options.now ?? Date.now;

  return async function handleWebhook(adapterId, request) {
    let adapter: ReturnType<AdapterRegistry['get']>;
    try {
      adapter = registry.get(adapterId);
    } catch (error) {
      if (error instanceof UnknownAdapterError)
        return refuse(404, 'UNKNOWN_ADAPTER', `no adapter ${adapterId}`);
      throw error;
    }
    const inbound = adapter.definition.inbound;
    if (!adapter.enabled || !adapter.config || !inbound) {
      return refuse(404, 'UNKNOWN_ADAPTER', `adapter ${adapterId} takes no webhooks here`);
    }
    if (request.method !== 'POST') return refuse(405, 'METHOD_NOT_ALLOWED', 'use POST');
    const length = Number(request.headers.get('content-length') ?? 0);
    if (length > maxBodyBytes) return refuse(413, 'BODY_TOO_LARGE', `the body exceeds ${maxBodyBytes} bytes`);
    // Counted while reading: a chunked upload without a length stops at the limit, not in memory.
    const raw = await readBodyWithin(request, maxBodyBytes);
    if (raw === null) return refuse(413, 'BODY_TOO_LARGE', `the body exceeds ${maxBodyBytes} bytes`);

    const nowMs = now();
    const check = verifyWebhookSignature(inbound.signingSecrets(adapter.config), raw, request.headers, nowMs);
    if (!check.ok) {
      logger.warn({ adapter: adapterId, reason: check.reason }, 'webhook refused');
      return refuse(401, 'BAD_SIGNATURE', check.message, { reason: check.reason });
    }
    const replayKey = `${adapterId}:${check.webhookId}`;
    if (!(await replayStore.claim(replayKey, nowMs + 2 * webhookToleranceSeconds * 1000, nowMs))) {
      logger.warn({ adapter: adapterId, reason: 'replayed' }, 'webhook refused');
      return refuse(401, 'BAD_SIGNATURE', `webhook ${check.webhookId} was already received`, {
        reason: 'replayed',
      });
    }
    // Kept once answered (or refused for good); given back after our own 5xx below, so a sender
    // retrying with the same webhook id, as Standard Webhooks senders do, gets through.

    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return refuse(400, 'MALFORMED_BODY', 'the body is not JSON');
    }
    const body = inbound.body.safeParse(json);
    if (!body.success) {
      return refuse(400, 'MALFORMED_BODY', 'the body does not match the schema', {
        issues: (body.error as z.ZodError).issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
        })),
      });
    }

    const log = adapterLogger(logger, adapter);
    try {
      const referral = await inbound.parse(body.data, request.headers, {
        adapterId,
        config: adapter.config,
        logger: log,
        data,
      });
      const externalRef = fields.externalRef.safeParse(referral.externalRef);
      if (!externalRef.success) {
        return refuse(400, 'INVALID_REFERRAL', 'the referral is not valid', {
          issues: externalRef.error.issues.map((i) => ({ path: 'externalRef', message: i.message })),
        });
      }
      const key = { externalSystem: adapterId, externalRef: externalRef.data };
      const existing = await findReferral(prisma, key);
      if (existing) {
        return found(existing, true);
      }
      try {
        const result = await workflow.report(systemActor(`adapter:${adapterId}`), { ...referral, ...key });
        log.info({ caseId: result.case.id }, 'referral registered');
        return found(result.case, false);
      } catch (error) {
        // A concurrent repeat registered it first.
        if (error instanceof ConflictError) {
          const raced = await findReferral(prisma, key);
          if (raced) {
            return found(raced, true);
          }
        }
        throw error;
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        return refuse(400, 'INVALID_REFERRAL', 'the referral is not valid', { issues: error.issues });
      }
      if (error instanceof AdapterInboundError) {
        return refuse(error.status, 'INVALID_REFERRAL', error.message);
      }
      const kind = error instanceof AdapterError || error instanceof Error ? error.name : typeof error;
      await replayStore.release(replayKey);
      if (isDatabaseUnavailable(error)) {
        log.warn({ err: { type: kind } }, 'webhook answered 503: the database is busy or unreachable');
        return webhookUnavailable();
      }
      log.error({ err: { type: kind } }, 'webhook failed');
      return refuse(500, 'INTERNAL', 'the referral could not be registered; retry later');
    }
  };

  function found(kase: { id: number; number: string }, duplicate: boolean): WebhookResponse {
    return { status: 200, body: { caseNumber: kase.number, caseId: kase.id, duplicate } };
  }
}

/** The body as UTF-8 text, or null as soon as it grows past `maxBytes` (the rest is not read). */
async function readBodyWithin(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function findReferral(prisma: PrismaClient, key: { externalSystem: string; externalRef: string }) {
  return prisma.case.findUnique({
    where: { externalSystem_externalRef: key },
    select: { id: true, number: true },
  });
}
