import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  describePrincipal,
  type IdempotencyKeyRef,
  isDatabaseUnavailable,
  type Logger,
  type Principal,
  type Prisma,
  type PrismaClient,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
} from '@mediation/core';
import { type DocumentNode, type ExecutionResult, getOperationAST, print } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { stringify } from 'safe-stable-stringify';
import { serviceUnavailable } from './use-error-codes.js';

export interface IdempotencyOptions {
  prisma: PrismaClient;
  logger: Logger;
  /**
   * How long a key's first answer is replayed.
   * @default 24
   */
  ttlHours?: number;
  /**
   * How long a repeat waits for the first request with its key, still running, before it is answered
   * 409 `IDEMPOTENCY_KEY_IN_PROGRESS`.
   * @default 10_000
   */
  waitMs?: number;
  /**
   * The request header carrying the key.
   * @default 'idempotency-key'
   */
  header?: string;
  /** @default () => new Date() */
  now?: () => Date;
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** Something that outlived its attempts to be written (the database stayed away): the key stays claimed. */
const completionRetriesMs = [100, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Idempotent mutations. A client sends `Idempotency-Key: <unique string>` with a mutation; the first
 * request with that key (per caller: a user or an API key) runs and its answer is kept in the database
 * (every instance sees it) for `ttlHours`. A repeat of the same request answers that first result
 * without running anything again; the same key with a different request is refused
 * (422 `IDEMPOTENCY_KEY_REUSED`); a repeat while the first still runs waits for it, then gets
 * 409 `IDEMPOTENCY_KEY_IN_PROGRESS`. A first request that did not run (refused before execution, or
 * the database busy or unreachable: 503) leaves the key free, so the client's retry runs it.
 * Queries and subscriptions ignore the header.
 */
export function useIdempotency(options: IdempotencyOptions): Plugin {
  const { prisma, logger } = options;
  const ttlMs = (options.ttlHours ?? 24) * 3_600_000;
  const waitMs = options.waitMs ?? 10_000;
  const header = options.header ?? 'idempotency-key';
  const now = options.now ?? (() => new Date());
  const pending = new WeakMap<Request, IdempotencyKeyRef>();
  let lastPurge = 0;

  const purgeNowAndThen = () => {
    if (Date.now() - lastPurge < 3_600_000) return;
    lastPurge = Date.now();
    void purgeExpiredIdempotencyKeys(prisma, now()).catch(() => {
      lastPurge = 0;
    });
  };

  const complete = async (ref: IdempotencyKeyRef, response: Prisma.InputJsonValue) => {
    for (const delay of [0, ...completionRetriesMs]) {
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());
      try {
        await completeIdempotencyKey(prisma, ref, response, now());
        return;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) break;
      }
    }
    logger.error(
      { caller: ref.caller },
      'idempotency key: the answer could not be kept; the key stays in progress',
    );
  };

  const release = async (ref: IdempotencyKeyRef) => {
    for (const delay of [0, ...completionRetriesMs]) {
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());
      try {
        await releaseIdempotencyKey(prisma, ref);
        return;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) break;
      }
    }
    logger.error({ caller: ref.caller }, 'idempotency key: could not be freed; the key stays in progress');
  };

  return {
    onRequestParse({ request }) {
      if (!request.headers.has(header)) return;
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult)) {
            throw refusal(400, 'BAD_USER_INPUT', 'an Idempotency-Key applies to one operation: do not batch');
          }
        },
      };
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as { request?: Request; principal?: Principal };
      const request = context.request;
      const key = request?.headers?.get?.(header);
      if (!request || key == null) return;
      const document = args.document as DocumentNode;
      if (getOperationAST(document, args.operationName)?.operation !== 'mutation') return;
      if (!keyPattern.test(key)) {
        setResultAndStopExecution({
          errors: [
            refusal(
              400,
              'BAD_USER_INPUT',
              'Idempotency-Key: 1 to 255 visible ASCII characters, such as a UUID',
            ),
          ],
        });
        return;
      }
      const principal = context.principal;
      if (!principal || principal.kind === 'anonymous') return; // refused by sign-in anyway
      const ref = { caller: describePrincipal(principal), key };
      const hash = createHash('sha256')
        .update(
          stringify({
            query: print(document),
            operationName: args.operationName ?? null,
            variables: args.variableValues ?? {},
          }) ?? '',
        )
        .digest('hex');
      purgeNowAndThen();
      const deadline = Date.now() + waitMs;
      for (let poll = 50; ; poll = Math.min(poll * 2, 500)) {
        let claim: Awaited<ReturnType<typeof claimIdempotencyKey>>;
        try {
          claim = await claimIdempotencyKey(prisma, ref, { hash, now: now(), ttlMs });
        } catch (error) {
          if (!isDatabaseUnavailable(error)) throw error;
          setResultAndStopExecution({ errors: [serviceUnavailable()] });
          return;
        }
        if (claim.state === 'claimed') {
          pending.set(request, ref);
          return;
        }
        if (claim.state === 'completed') {
          setResultAndStopExecution(replay(claim.response));
          return;
        }
        if (claim.state === 'mismatch') {
          setResultAndStopExecution({
            errors: [
              refusal(
                422,
                'IDEMPOTENCY_KEY_REUSED',
                'this Idempotency-Key was used for a different request: send a new key for a new request',
              ),
            ],
          });
          return;
        }
        if (Date.now() + poll > deadline) {
          setResultAndStopExecution({
            errors: [
              refusal(
                409,
                'IDEMPOTENCY_KEY_IN_PROGRESS',
                'the first request with this Idempotency-Key is still running: retry the same request later',
                { 'Retry-After': '1' },
              ),
            ],
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, poll));
      }
    },
    onResultProcess({ request, result }) {
      const ref = pending.get(request);
      if (!ref) return;
      pending.delete(request);
      if (Array.isArray(result) || !isExecutionResult(result)) {
        void release(ref);
        return;
      }
      const errors = result.errors ?? [];
      const unavailable = errors.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
      // Request-level refusals (no data, no field path) mean nothing ran.
      const ran = result.data != null || errors.some((error) => error.path !== undefined);
      if (unavailable || !ran) {
        void release(ref);
        return;
      }
      void complete(ref, JSON.parse(JSON.stringify(result)) as Prisma.InputJsonValue);
    },
  };
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}

function refusal(status: number, code: string, message: string, headers?: Record<string, string>) {
  return createGraphQLError(message, {
    extensions: { code, http: { status, ...(headers ? { headers } : {}) } },
  });
}

/** The stored answer, its errors made GraphQL errors again so they pass the error masker unchanged. */
function replay(stored: unknown): ExecutionResult {
  const result = (stored ?? {}) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
  return {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors
      ? {
          errors: result.errors.map((error) =>
            createGraphQLError(error.message, {
              ...(error.path ? { path: error.path } : {}),
              extensions: error.extensions ?? {},
            }),
          ),
        }
      : {}),
  };
}
