import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger, Principal } from '@mediation/core';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** What the key function sees of a request, the same over HTTP, SSE and graphql-ws. */
export interface RateLimitRequest {
  headers: Headers;
  /** The client's address: the socket's peer, or the proxy's last `X-Forwarded-For` hop when trusted. */
  ip: string | undefined;
}

/** The parts of the GraphQL context the limit reads (`req` comes from Node's server adapter). */
export interface RateLimitContext {
  principal?: Principal;
  request?: Request;
  req?: Pick<IncomingMessage, 'headers'> & { socket?: { remoteAddress?: string } };
}

/**
 * Who counts as one caller: the signed-in user, the integration's API key, or the client address
 * for anonymous callers. Until authentication puts a `principal` on the context, a caller sending
 * credentials is told apart by a hash of them (never the credential itself, which would land in
 * Redis).
 */
export function rateLimitKey(request: RateLimitRequest, context: RateLimitContext): string {
  const { principal } = context;
  if (principal?.kind === 'user') return `user:${principal.userId}`;
  if (principal?.kind === 'integration') return `api-key:${principal.apiKeyId}`;
  if (!principal) {
    const credential = request.headers.get('authorization') ?? request.headers.get('x-api-key');
    if (credential) return `credential:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}`;
  }
  return `ip:${request.ip ?? 'unknown'}`;
}

export interface RateLimitOptions {
  /** Operations one caller may start per window; 0 turns the limit off. @default 300 */
  points?: number;
  /** Length of the window in seconds. @default 60 */
  durationSeconds?: number;
  /**
   * Redis URL: counters live in Redis, so the limit holds across instances (an in-memory limiter
   * stands in while Redis is unreachable).
   * @default unset: counters in this process
   */
  redisUrl?: string;
  /** Prefix of the counters' Redis keys, so deployments sharing one Redis count apart. @default 'mediation:rate-limit:' */
  keyPrefix?: string;
  /**
   * Take the client address from the last `X-Forwarded-For` entry (the one the proxy in front of us
   * appended); only behind exactly one reverse proxy, since anyone can send the header.
   * @default false
   */
  trustProxy?: boolean;
  /** Who counts as one caller. @default rateLimitKey */
  key?: (request: RateLimitRequest, context: RateLimitContext) => string;
  /** Receives Redis and limiter failures (never the keys' credentials). */
  logger?: Pick<Logger, 'warn'>;
}

function rateLimitRequest(context: RateLimitContext, trustProxy: boolean): RateLimitRequest {
  let headers = context.request?.headers;
  if (!headers) {
    // graphql-ws operations carry the Node upgrade request, not a Fetch Request.
    headers = new Headers();
    for (const [name, value] of Object.entries(context.req?.headers ?? {})) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  let ip = context.req?.socket?.remoteAddress;
  if (trustProxy) ip = headers.get('x-forwarded-for')?.split(',').pop()?.trim() || ip;
  return { headers, ip };
}

/** The refusal: HTTP 429 with `Retry-After`, and `extensions.code` RATE_LIMITED. */
export function rateLimitedError(msBeforeNext: number) {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return createGraphQLError(`Too many requests; try again in ${seconds} s.`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds: seconds,
      http: { status: 429, headers: { 'Retry-After': String(seconds) } },
    },
  });
}

/**
 * Limits how many operations (queries, mutations, subscriptions; each one of a batch) a caller
 * starts per window, with `rate-limiter-flexible`. Counted where the operation is about to run, so
 * the principal from authentication is known and graphql-ws operations count like HTTP ones.
 */
export function useRateLimit(options: RateLimitOptions = {}): Plugin {
  const {
    points = 300,
    durationSeconds = 60,
    redisUrl,
    keyPrefix = 'mediation:rate-limit:',
    trustProxy = false,
    key = rateLimitKey,
    logger,
  } = options;
  if (points === 0) return {};

  const inMemory = () => new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix });
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract;
  if (redisUrl) {
    // One retry, then the command fails and the in-memory limiter answers instead of the request waiting.
    redis = new Redis(redisUrl, { connectionName: 'mediation-rate-limit', maxRetriesPerRequest: 1 });
    redis.on('error', (error: Error) =>
      logger?.warn(
        { err: { type: error.name, message: error.message } },
        'rate limit: redis connection error',
      ),
    );
    limiter = new RateLimiterRedis({
      storeClient: redis,
      points,
      duration: durationSeconds,
      keyPrefix,
      insuranceLimiter: inMemory(),
    });
  } else {
    limiter = inMemory();
  }

  const consume = async (
    context: RateLimitContext,
    refuse: (result: { errors: ReturnType<typeof rateLimitedError>[] }) => void,
  ) => {
    try {
      await limiter.consume(key(rateLimitRequest(context, trustProxy), context));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        refuse({ errors: [rateLimitedError(rejection.msBeforeNext)] });
        return;
      }
      // The limiter itself failed: serve the request rather than fail everyone.
      const error = rejection as Error;
      logger?.warn({ err: { type: error?.name, message: error?.message } }, 'rate limit: limiter failed');
    }
  };

  return {
    onExecute: ({ args, setResultAndStopExecution }) =>
      consume(args.contextValue as RateLimitContext, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) =>
      consume(args.contextValue as RateLimitContext, setResultAndStopExecution),
    async onDispose() {
      if (!redis) return;
      if (redis.status === 'ready') await redis.quit().catch(() => redis?.disconnect());
      else redis.disconnect();
    },
  };
}
