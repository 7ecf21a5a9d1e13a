import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { deadlinePolicyConfig } from './deadlines/deadline-policy.js';

/*
 * The platform's settings (database, runtime, deadlines, adapters), read from environment variables
 * and an optional JSON file (`CONFIG_FILE`), validated once at start; a bad value stops the start
 * with a message saying what to set. The API server adds its own settings (packages/api/src/config.ts)
 * and reads both through `loadSettings`.
 */
/** `true`/`false` (also 1/0, yes/no) from an environment variable, or a boolean from the file. */
export const booleanFromEnv = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');

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

/** The platform's settings: what core, the runtime and the adapters read. */
export const platformSettings = {
  nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
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
  dataDir: z.string().min(1).default('./.data'),
  seedDemo: z.enum(['auto', 'always', 'never']).default('auto'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How often each instance scans for due-soon and overdue cases; 0 turns the scan off. */
  deadlineScanSeconds: z.coerce.number().int().min(0).max(86_400).default(60),
  /** How long before a deadline a case counts as due soon. */
  dueSoonHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** Deadline rules (受理, 调结, 回访) by source, category, risk and green channel; defaults when unset. */
  deadlinePolicy: deadlinePolicyConfig.optional(),
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
};

/** Environment variable behind each platform setting, for messages and the README table. */
export const platformEnvironment: Record<keyof typeof platformSettings, string> = {
  nodeEnv: 'NODE_ENV',
  databaseUrl: 'DATABASE_URL',
  dbPoolSize: 'DB_POOL_SIZE',
  dbPoolWaitMs: 'DB_POOL_WAIT_MS',
  dbTransactionWaitMs: 'DB_TRANSACTION_WAIT_MS',
  dbTransactionTimeoutMs: 'DB_TRANSACTION_TIMEOUT_MS',
  dataDir: 'DATA_DIR',
  seedDemo: 'SEED_DEMO',
  logLevel: 'LOG_LEVEL',
  deadlineScanSeconds: 'DEADLINE_SCAN_SECONDS',
  dueSoonHours: 'DUE_SOON_HOURS',
  deadlinePolicy: 'DEADLINE_POLICY',
  adapters: 'ADAPTERS',
  adapterPackages: 'ADAPTER_PACKAGES',
  deliveryPollMs: 'DELIVERY_POLL_MS',
  deliveryLeaseMarginMs: 'DELIVERY_LEASE_MARGIN_MS',
};

const platformSchema = z.object(platformSettings);
export type PlatformSettings = z.output<typeof platformSchema> & {
  /** Where the command runs: relative paths and adapter package names resolve from here. */
  baseDir?: string;
};
export type PlatformSettingsInput = z.input<typeof platformSchema>;

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
 * Reads settings with `schema` from the config file (`CONFIG_FILE`), the environment (the
 * variables in `environment`; they win over the file) and `overrides`. Relative paths resolve
 * against the directory the user ran the command in (`INIT_CWD` under pnpm).
 *
 * @throws ConfigError naming the variable and the fix for every bad value
 */
export function loadSettings<Schema extends z.ZodType<{ dataDir: string; adapterPackages: string[] }>>(
  schema: Schema,
  environment: Record<string, string>,
  env: NodeJS.ProcessEnv,
  overrides: Record<string, unknown>,
): z.output<Schema> & { baseDir: string } {
  const baseDir = env.INIT_CWD ?? process.cwd();
  const fromFile = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE, baseDir) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(environment)) {
    const value = env[variable];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = schema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const [key = '', ...within] = issue.path.map(String);
        const name = environment[key] ?? key;
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
    // Paths are taken from where the command runs; package names are resolved from there too.
    adapterPackages: config.adapterPackages.map((name) =>
      name.startsWith('.') ? resolve(baseDir, name) : name,
    ),
    baseDir,
  };
}

/** The platform's settings alone (the core's CLIs: migrate, seed). */
export function loadPlatformSettings(
  env: NodeJS.ProcessEnv = process.env,
  overrides: PlatformSettingsInput = {},
): PlatformSettings {
  return loadSettings(platformSchema, platformEnvironment, env, overrides);
}
