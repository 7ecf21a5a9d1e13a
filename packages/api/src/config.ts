import { resolve } from 'node:path';
import {
  booleanFromEnv,
  ConfigError,
  loadSettings,
  type PlatformSettings,
  platformEnvironment,
  platformSettings,
} from '@mediation/core/config';
import { z } from 'zod';

/*
 * The API server's settings (listening, sign-in, GraphiQL, abuse limits, CORS, persisted
 * operations, live updates, idempotency), beside the platform's own (core's `platformSettings`):
 * one configuration, read and validated once at start by `loadConfig`.
 */

/** Comma-separated (or a JSON array of) browser origins such as https://app.example.org, or `*`. */
const originList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((o) => o.trim()).filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^(\*|https?:\/\/[^/\s,]+)$/,
          'each origin is a scheme, host and optional port without a path, such as https://app.example.org (or *)',
        ),
    ),
  );

/** The API server's settings. */
export const serverSettings = {
  /** Default: all interfaces in production; only this machine in development (GraphiQL signs in as the demo admin there). */
  host: z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  /** How long a mutation's idempotency key is remembered (its first answer replayed). */
  idempotencyKeyHours: z.coerce
    .number()
    .int()
    .min(24)
    .max(24 * 90)
    .default(24),
  /** Redis for pub/sub and rate limits across instances; in-process when unset. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a Redis URL such as redis://127.0.0.1:6379')
    .optional(),
  /** Staff tokens: an HMAC secret (HS256; development and simple deployments)… */
  jwtSecret: z
    .string()
    .min(32, 'must be at least 32 characters (use e.g. `openssl rand -base64 48`)')
    .optional(),
  /** …or an SPKI PEM public key (RS256/ES256)… */
  jwtPublicKey: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
  /** …or the identity provider's JWKS URL. */
  jwtJwksUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  jwtIssuer: z.string().min(1).default('people-mediation'),
  jwtAudience: z.string().min(1).default('people-mediation-api'),
  /**
   * How far back a subscription may resume (`after`): an older resume point answers
   * RESUME_POINT_EXPIRED and the client refetches.
   */
  subscriptionResumeWindowHours: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24),
  graphiql: booleanFromEnv.optional(),
  introspection: booleanFromEnv.optional(),
  /** Demo: run the petition, police, court and SMS simulators and point the adapters at them. */
  simulators: booleanFromEnv.default(false),
  // Abuse limits (packages/api/src/server/abuse-limits.ts); unset means the plugin's default (README).
  maxDepth: z.coerce.number().int().min(1).max(1000).optional(),
  maxAliases: z.coerce.number().int().min(0).max(10_000).optional(),
  maxDirectives: z.coerce.number().int().min(0).max(10_000).optional(),
  maxTokens: z.coerce.number().int().min(10).max(1_000_000).optional(),
  maxCost: z.coerce.number().int().min(1).optional(),
  /** Operations per JSON-array batch; 0 keeps batching off. */
  batchLimit: z.coerce.number().int().min(0).max(100).optional(),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .optional(),
  /** Operations per caller per window; 0 turns the rate limit off. */
  rateLimitPoints: z.coerce.number().int().min(0).optional(),
  rateLimitSeconds: z.coerce.number().int().min(1).max(86_400).optional(),
  /** The client address is the last X-Forwarded-For hop (exactly one reverse proxy in front). */
  trustProxy: booleanFromEnv.optional(),
  /** JSON manifest of persisted operations, sha256 hash → document. */
  persistedOperationsFile: z.string().min(1).optional(),
  persistedOperationsOnly: booleanFromEnv.optional(),
  /** Browser origins allowed by CORS; unset: any in development, none in production. */
  corsOrigins: originList.optional(),
};

/** Environment variable behind each config key, for messages and the README table. */
export const configEnvironment: Record<keyof typeof serverSettings | keyof typeof platformSettings, string> =
  {
    ...platformEnvironment,
    host: 'HOST',
    port: 'PORT',
    idempotencyKeyHours: 'IDEMPOTENCY_KEY_HOURS',
    redisUrl: 'REDIS_URL',
    jwtSecret: 'JWT_SECRET',
    jwtPublicKey: 'JWT_PUBLIC_KEY',
    jwtJwksUrl: 'JWT_JWKS_URL',
    jwtIssuer: 'JWT_ISSUER',
    jwtAudience: 'JWT_AUDIENCE',
    subscriptionResumeWindowHours: 'SUBSCRIPTION_RESUME_WINDOW_HOURS',
    graphiql: 'GRAPHIQL',
    introspection: 'INTROSPECTION',
    simulators: 'SIMULATORS',
    maxDepth: 'MAX_DEPTH',
    maxAliases: 'MAX_ALIASES',
    maxDirectives: 'MAX_DIRECTIVES',
    maxTokens: 'MAX_TOKENS',
    maxCost: 'MAX_COST',
    batchLimit: 'BATCH_LIMIT',
    maxBodyBytes: 'MAX_BODY_BYTES',
    rateLimitPoints: 'RATE_LIMIT_POINTS',
    rateLimitSeconds: 'RATE_LIMIT_SECONDS',
    trustProxy: 'TRUST_PROXY',
    persistedOperationsFile: 'PERSISTED_OPERATIONS_FILE',
    persistedOperationsOnly: 'PERSISTED_OPERATIONS_ONLY',
    corsOrigins: 'CORS_ORIGINS',
  };

const configSchema = z
  .object({ ...platformSettings, ...serverSettings })
  .superRefine((raw, ctx) => {
    if (raw.nodeEnv === 'production' && !raw.jwtSecret && !raw.jwtPublicKey && !raw.jwtJwksUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwtSecret'],
        message: 'production needs a token key: set JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL',
      });
    }
  })
  .superRefine((raw, ctx) => {
    if (raw.persistedOperationsOnly && !raw.persistedOperationsFile) {
      ctx.addIssue({
        code: 'custom',
        path: ['persistedOperationsOnly'],
        message: 'refuses every operation without a manifest: set PERSISTED_OPERATIONS_FILE too',
      });
    }
  })
  .transform((raw) => {
    const production = raw.nodeEnv === 'production';
    return {
      ...raw,
      host: raw.host ?? (production ? '0.0.0.0' : '127.0.0.1'),
      graphiql: raw.graphiql ?? !production,
      introspection: raw.introspection ?? !production,
    };
  });

/** The whole configuration of a platform instance: the platform's settings and the server's. */
export type PlatformConfig = z.output<typeof configSchema> & Pick<PlatformSettings, 'baseDir'>;
export type PlatformConfigInput = z.input<typeof configSchema>;
export { ConfigError };

/**
 * Reads the configuration. Environment variables win over the config file; relative paths resolve
 * against the directory the user ran the command in (`INIT_CWD` under pnpm).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: PlatformConfigInput = {},
): PlatformConfig {
  const config = loadSettings(configSchema, configEnvironment, env, overrides);
  return {
    ...config,
    persistedOperationsFile:
      config.persistedOperationsFile && resolve(config.baseDir, config.persistedOperationsFile),
  };
}
