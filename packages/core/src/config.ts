import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { deadlinePolicyConfig } from './deadlines/deadline-policy.js';

/**
 * The platform's one configuration, read from environment variables and an optional JSON file
 * (`CONFIG_FILE`), validated once at start. A bad value stops start with a message saying what to set.
 */
const booleanFromEnv = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');

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

const adapterSections = z.preprocess(
  (value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON such as {"sms":{"enabled":true}}' });
      return z.NEVER;
    }
  },
  z.record(
    z.string(),
    z.record(z.string(), z.unknown(), { error: 'must be an object such as {"enabled":true, …}' }),
  ),
);

const configSchema = z
  .object({
    nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
    /** Default: all interfaces in production; only this machine in development (GraphiQL signs in as the demo admin there). */
    host: z.string().min(1).optional(),
    port: z.coerce.number().int().min(0).max(65535).default(4000),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a PostgreSQL URL such as postgres://user@host:5432/db')
      .optional(),
    dbPoolSize: z.coerce.number().int().min(1).max(200).default(10),
    /** How long a query waits for a free PostgreSQL connection before answering 503 (retryable). */
    dbPoolWaitMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** How long a command waits to start its transaction (the connection, or PGlite's one) before a 503. */
    dbTransactionWaitMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** How long a command's transaction may run before it is rolled back and answered 503. */
    dbTransactionTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /** How long a mutation's idempotency key is remembered (its first answer replayed). */
    idempotencyKeyHours: z.coerce
      .number()
      .int()
      .min(24)
      .max(24 * 90)
      .default(24),
    dataDir: z.string().min(1).default('./.data'),
    seedDemo: z.enum(['auto', 'always', 'never']).default('auto'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
    /** How often each instance scans for due-soon and overdue cases; 0 turns the scan off. */
    deadlineScanSeconds: z.coerce.number().int().min(0).max(86_400).default(60),
    /** How long before a deadline a case counts as due soon. */
    dueSoonHours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24),
    /**
     * How far back a subscription may resume (`after`): an older resume point answers
     * RESUME_POINT_EXPIRED and the client refetches.
     */
    subscriptionResumeWindowHours: z.coerce
      .number()
      .positive()
      .max(24 * 365)
      .default(24),
    /** Deadline rules (受理, 调结, 回访) by source, category, risk and green channel; defaults when unset. */
    deadlinePolicy: deadlinePolicyConfig.optional(),
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
    /**
     * Adapters (packages/adapters): `{ "<id>": { "enabled": true, ...its config } }`, usually in the
     * config file. Each adapter validates its own section at start (the core knows none of them).
     */
    adapters: adapterSections.default({}),
    /**
     * Third-party adapter packages to load at start: package names or paths (relative to where the
     * command runs), comma-separated or a JSON array. Each is checked against the adapter contract.
     */
    adapterPackages: z
      .union([z.string(), z.array(z.string())])
      .transform((value) =>
        (Array.isArray(value) ? value : value.split(',')).map((name) => name.trim()).filter(Boolean),
      )
      .default([]),
    /** How often each instance's outbox dispatcher looks for due deliveries when idle. */
    deliveryPollMs: z.coerce.number().int().min(10).max(600_000).default(1_000),
    /**
     * How long a delivery claim outlives the adapter's timeout: a row claimed by an instance that
     * died is taken over by another instance this long after the timeout.
     */
    // At least a second: the lease must also cover writing the outcome after a timed-out delivery.
    deliveryLeaseMarginMs: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  })
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

export type PlatformConfig = z.output<typeof configSchema> & {
  /** Where the command runs: relative paths and adapter package names resolve from here. */
  baseDir?: string;
};
export type PlatformConfigInput = z.input<typeof configSchema>;

/** Environment variable behind each config key, for messages and the README table. */
export const configEnvironment: Record<keyof PlatformConfigInput, string> = {
  nodeEnv: 'NODE_ENV',
  host: 'HOST',
  port: 'PORT',
  databaseUrl: 'DATABASE_URL',
  dbPoolSize: 'DB_POOL_SIZE',
  dbPoolWaitMs: 'DB_POOL_WAIT_MS',
  dbTransactionWaitMs: 'DB_TRANSACTION_WAIT_MS',
  dbTransactionTimeoutMs: 'DB_TRANSACTION_TIMEOUT_MS',
  idempotencyKeyHours: 'IDEMPOTENCY_KEY_HOURS',
  dataDir: 'DATA_DIR',
  seedDemo: 'SEED_DEMO',
  logLevel: 'LOG_LEVEL',
  redisUrl: 'REDIS_URL',
  jwtSecret: 'JWT_SECRET',
  jwtPublicKey: 'JWT_PUBLIC_KEY',
  jwtJwksUrl: 'JWT_JWKS_URL',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  deadlineScanSeconds: 'DEADLINE_SCAN_SECONDS',
  dueSoonHours: 'DUE_SOON_HOURS',
  subscriptionResumeWindowHours: 'SUBSCRIPTION_RESUME_WINDOW_HOURS',
  deadlinePolicy: 'DEADLINE_POLICY',
  graphiql: 'GRAPHIQL',
  simulators: 'SIMULATORS',
  introspection: 'INTROSPECTION',
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
  adapters: 'ADAPTERS',
  adapterPackages: 'ADAPTER_PACKAGES',
  deliveryPollMs: 'DELIVERY_POLL_MS',
  deliveryLeaseMarginMs: 'DELIVERY_LEASE_MARGIN_MS',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function readConfigFile(path: string, baseDir: string): Record<string, unknown> {
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`CONFIG_FILE: cannot read ${file}; set CONFIG_FILE to an existing JSON file`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new ConfigError([`CONFIG_FILE: ${file} is not a JSON object`]);
  }
}

/**
 * Reads the configuration. Environment variables win over the config file; relative paths resolve
 * against the directory the user ran the command in (`INIT_CWD` under pnpm).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: PlatformConfigInput = {},
): PlatformConfig {
  const baseDir = env.INIT_CWD ?? process.cwd();
  const fromFile = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE, baseDir) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(configEnvironment)) {
    const value = env[variable];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = configSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const [key = '', ...within] = issue.path.map(String);
        const name = configEnvironment[key as keyof PlatformConfigInput] ?? key;
        // Nested keys (deadlinePolicy.rules.0.acceptWithin) say where inside the value the problem is.
        const variable = within.length ? `${name} (${key}.${within.join('.')})` : name;
        return `${variable}: ${issue.message}`;
      }),
    );
  }
  const config = result.data;
  return {
    ...config,
    dataDir: isAbsolute(config.dataDir) ? config.dataDir : resolve(baseDir, config.dataDir),
    persistedOperationsFile:
      config.persistedOperationsFile && resolve(baseDir, config.persistedOperationsFile),
    // Paths are taken from where the command runs; package names are resolved from there too.
    adapterPackages: config.adapterPackages.map((name) =>
      name.startsWith('.') ? resolve(baseDir, name) : name,
    ),
    baseDir,
  };
}
