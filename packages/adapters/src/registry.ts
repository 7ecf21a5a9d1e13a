import { type Logger, redactFreeText } from '@mediation/core';
import { z } from 'zod';
import {
  AdapterConfigError,
  AdapterDisabledError,
  type AnyAdapter,
  type DeliveryLimits,
  defaultDeliveryLimits,
  UnknownAdapterError,
} from './contract.js';

/** What replaces a secret wherever config is shown or logged. */
export const redacted = '[redacted]';

/** One adapter as the registry holds it: its definition and, when enabled, its validated config. */
export interface RegisteredAdapter {
  id: string;
  definition: AnyAdapter;
  enabled: boolean;
  /** The validated config (secrets included); `undefined` when the adapter is disabled. */
  config: Record<string, unknown> | undefined;
  /** Delivery limits: the adapter's defaults overridden by `adapters.<id>.delivery`. */
  limits: DeliveryLimits;
}

/** An enabled adapter: its config is present. */
export interface EnabledAdapter extends RegisteredAdapter {
  enabled: true;
  config: Record<string, unknown>;
}

/** The adapters a deployment knows, each enabled or not, with its validated config. Immutable. */
export interface AdapterRegistry {
  /** Every known adapter id, in registration order. */
  readonly ids: readonly string[];
  /** Every known adapter. */
  all(): readonly RegisteredAdapter[];
  /** The enabled ones. */
  enabled(): readonly EnabledAdapter[];
  /** An adapter by id, enabled or not. @throws UnknownAdapterError */
  get(id: string): RegisteredAdapter;
  /** An enabled adapter by id. @throws UnknownAdapterError, AdapterDisabledError */
  require(id: string): EnabledAdapter;
  /** The adapter's config with its secret fields replaced by `[redacted]` (for the API and logs). */
  publicConfig(id: string): Record<string, unknown> | null;
}

const deliveryOverrides = z
  .object({
    timeoutMs: z.number().int().min(100).max(300_000),
    concurrency: z.number().int().min(1).max(256),
    maxAttempts: z.number().int().min(1).max(100),
    backoffBaseMs: z.number().int().min(0).max(3_600_000),
    backoffMaxMs: z.number().int().min(0).max(86_400_000),
  })
  .partial()
  .strict();

const envelope = z.looseObject({
  enabled: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .default(false),
  delivery: deliveryOverrides.optional(),
});

/**
 * Builds the registry from an explicit list of adapter definitions and the platform config's
 * `adapters` section (`{ "<id>": { "enabled": true, ...its config, "delivery": { … } } }`).
 * Validates everything at once; every problem names the adapter and the field, e.g.
 * `adapters.sms.accessKeySecret: Required`. Disabled adapters' configs are not validated.
 *
 * @throws AdapterConfigError listing every problem
 */
export function createAdapterRegistry(
  definitions: readonly AnyAdapter[],
  settings: Record<string, unknown> = {},
): AdapterRegistry {
  const problems: string[] = [];
  const byId = new Map<string, RegisteredAdapter>();
  for (const definition of definitions) {
    if (byId.has(definition.id)) {
      problems.push(`adapters.${definition.id}: registered twice`);
      continue;
    }
    const raw = settings[definition.id] ?? {};
    const parsedEnvelope = envelope.safeParse(raw);
    if (!parsedEnvelope.success) {
      problems.push(...issuesOf(definition.id, parsedEnvelope.error));
      continue;
    }
    const { enabled, delivery, ...rest } = parsedEnvelope.data;
    const limits: DeliveryLimits = { ...defaultDeliveryLimits, ...definition.delivery, ...delivery };
    let config: Record<string, unknown> | undefined;
    if (enabled) {
      // A misspelt setting (`baseURL` for `baseUrl`) is an error, not silently the default.
      const shape = (definition.config as { shape?: Record<string, unknown> }).shape;
      if (shape) {
        for (const key of Object.keys(rest)) {
          if (!(key in shape)) {
            problems.push(
              `adapters.${definition.id}.${key}: unknown setting; known: ${['enabled', 'delivery', ...Object.keys(shape)].join(', ')}`,
            );
          }
        }
      }
      const parsed = definition.config.safeParse(rest);
      if (parsed.success) config = parsed.data as Record<string, unknown>;
      else problems.push(...issuesOf(definition.id, parsed.error));
    }
    byId.set(definition.id, Object.freeze({ id: definition.id, definition, enabled, config, limits }));
  }
  const known = [...byId.keys()];
  for (const id of Object.keys(settings)) {
    if (!byId.has(id)) problems.push(`adapters.${id}: no such adapter; known adapters: ${known.join(', ')}`);
  }
  if (problems.length) throw new AdapterConfigError(problems);

  const all = Object.freeze([...byId.values()]);
  const enabled = Object.freeze(all.filter((a): a is EnabledAdapter => a.enabled));
  const get = (id: string): RegisteredAdapter => {
    const found = byId.get(id);
    if (!found) throw new UnknownAdapterError(id, known);
    return found;
  };
  return Object.freeze({
    ids: Object.freeze(known),
    all: () => all,
    enabled: () => enabled,
    get,
    require(id: string): EnabledAdapter {
      const found = get(id);
      if (!found.enabled) throw new AdapterDisabledError(id);
      return found as EnabledAdapter;
    },
    publicConfig(id: string) {
      const found = get(id);
      return found.config ? redactSecrets(found.config, found.definition.secrets) : null;
    },
  });
}

/**
 * A copy of `config` with each secret field replaced by `[redacted]` (absent ones stay absent), and,
 * in every other string, credentials written into a URL (`https://user:password@…`, query values
 * such as `?apikey=…`) and mainland mobile numbers (e.g. supervisors' phones) masked.
 */
export function redactSecrets(
  config: Record<string, unknown>,
  secrets: readonly string[],
): Record<string, unknown> {
  const copy = redactStrings(config) as Record<string, unknown>;
  for (const key of secrets) if (copy[key] !== undefined) copy[key] = redacted;
  return copy;
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactFreeText(redactUrlCredentials(value));
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactStrings(inner)]));
  }
  return value;
}

function redactUrlCredentials(value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  try {
    const url = new URL(value);
    if (!url.username && !url.password && !url.search) return value;
    if (url.username) url.username = redacted;
    if (url.password) url.password = redacted;
    for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, redacted);
    return decodeURI(url.toString());
  } catch {
    return value;
  }
}

function issuesOf(adapterId: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = ['adapters', adapterId, ...issue.path.map(String)].join('.');
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    return missing
      ? `${path}: required; set it in the config file (CONFIG_FILE) or ADAPTERS`
      : `${path}: ${issue.message}`;
  });
}

/**
 * A child logger for one adapter: binds its id and redacts its secret fields wherever they appear
 * (top level, one level down, or under `config`), so logging a config by mistake leaks nothing.
 */
export function adapterLogger(
  logger: Logger,
  adapter: RegisteredAdapter,
  bindings: Record<string, unknown> = {},
): Logger {
  const paths = adapter.definition.secrets.flatMap((key: string) => [key, `*.${key}`, `config.${key}`]);
  return logger.child(
    { adapter: adapter.id, ...bindings },
    paths.length ? { redact: { paths, censor: redacted } } : {},
  );
}
