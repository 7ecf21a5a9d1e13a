import type {
  AdapterData,
  CaseEventType,
  Logger,
  OutboxPayload,
  ReportCaseInput,
  RoutingNotice,
} from '@mediation/core';
import type { z } from 'zod';

/**
 * The adapter contract: what a package that connects the platform to an external system declares.
 * Implementations live in their own folders (`src/<name>/<name>.adapter.ts`); this file knows none
 * of them. The runtime (`src/runtime/`) owns the outbox, retries, timeouts, concurrency, dead
 * letters, webhook signatures and replay protection, so an adapter only maps data and calls out.
 */

/** The built-in kinds; any other string names a custom kind. */
export type AdapterKind = 'petition' | 'police' | 'court' | 'sms' | (string & {});

/** Adapter ids: lowercase letters, digits and dashes, starting with a letter (used in URLs and SQL). */
export const adapterIdPattern = /^[a-z][a-z0-9-]{1,31}$/;

/** The zod schema of an adapter's configuration: always an object. */
export type AdapterConfigSchema = z.ZodObject;

/** What outbox rows carry and what `accepts` filters see: the core's types, used as they are. */
export type { OutboxPayload, RoutingNotice };

/** One delivery attempt of one outbox row to one adapter. */
export interface Delivery {
  /** The outbox row id. */
  id: number;
  adapterId: string;
  /**
   * The idempotency key the adapter MUST send to the receiver (e.g. an `Idempotency-Key` header or
   * the vendor's "out id"): the same for every attempt of this row, so a receiver that saw an
   * earlier attempt succeed can drop the repeat.
   */
  deliveryKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The attempt after which the row becomes a dead letter. */
  maxAttempts: number;
  payload: OutboxPayload;
}

/** Common to every hook an adapter implements. */
export interface AdapterContext<TConfig> {
  adapterId: string;
  /** The adapter's validated configuration (secrets included: never log it whole). */
  config: TConfig;
  /** A child logger with the adapter id bound; secrets are redacted by path. */
  logger: Logger;
}

export interface DeliveryContext<TConfig> extends AdapterContext<TConfig> {
  /** Aborted when the per-adapter timeout passes or the dispatcher stops: pass it to `fetch`. */
  signal: AbortSignal;
  /**
   * Read-only lookups a delivery needs beyond its payload (e.g. the phones an SMS goes to): a
   * narrow interface with no way to write, since deliveries change nothing in the platform.
   */
  data: AdapterData;
}

export interface InboundContext<TConfig> extends AdapterContext<TConfig> {
  /**
   * Read-only lookups (a region by its code). Writes go through the core commands only: the
   * runtime registers the returned referral.
   */
  data: AdapterData;
}

/**
 * A referral an inbound webhook turns into a case: the core `report` input, with the external
 * system's own id. `externalSystem` is always the adapter id (the runtime sets it).
 */
export type InboundReferral = Omit<ReportCaseInput, 'externalSystem' | 'externalRef'> & {
  /** The external system's id of the referral: a repeat with the same id returns the same case. */
  externalRef: string;
};

/** Inbound: the external system posts to `POST /adapters/<id>/webhook` (Standard Webhooks signed). */
export interface InboundHandler<TConfig, TBody extends z.ZodType = z.ZodType> {
  /**
   * The secrets that may have signed a webhook (`whsec_<base64>` or raw base64), newest first.
   * Several at once while a secret is being rotated.
   */
  signingSecrets(config: TConfig): readonly string[];
  /** The body's shape; a body that does not match is answered 400 with the issues. */
  body: TBody;
  /** Maps the validated body (and headers when needed) to a referral. Throw `AdapterInboundError` to refuse it. */
  parse(
    body: z.output<TBody>,
    headers: Headers,
    ctx: InboundContext<TConfig>,
  ): InboundReferral | Promise<InboundReferral>;
}

/** What `deliver` may answer; nothing (undefined) means delivered. */
export interface DeliveryOutcome {
  /** The receiver's id of the message, kept for support. */
  externalId?: string;
}

/** Outbound: the case events the adapter hears of, and how it tells the external system. */
export interface OutboundHandler<TConfig> {
  /** Event types that get an outbox row for this adapter. */
  events: readonly CaseEventType[];
  /**
   * Narrows the routing further (e.g. petition feedback only for cases the petition system
   * referred). Runs inside the command's transaction: keep it synchronous and cheap.
   * @default every event of a listed type
   */
  accepts?(payload: RoutingNotice, config: TConfig): boolean;
  /**
   * Sends one delivery. Resolve when the receiver accepted it; throw `AdapterDeliveryError` with
   * `retryable: false` for a refusal that will never succeed (the row becomes a dead letter at
   * once). Any other error, and the timeout, count as retryable. Must be idempotent on
   * `delivery.deliveryKey`.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: lets `async deliver() {}` implement it.
  deliver(delivery: Delivery, ctx: DeliveryContext<TConfig>): Promise<DeliveryOutcome | undefined | void>;
}

/** Per-adapter runtime limits; the platform config may override them (`adapters.<id>.delivery`). */
export interface DeliveryLimits {
  /** Milliseconds one `deliver` may take before it is aborted and retried. @default 10_000 */
  timeoutMs: number;
  /** Deliveries of this adapter in flight at once per dispatcher. @default 4 */
  concurrency: number;
  /** Attempts before a dead letter. @default 8 */
  maxAttempts: number;
  /** First retry delay; doubles each attempt (full jitter). @default 1_000 */
  backoffBaseMs: number;
  /** Longest retry delay. @default 600_000 */
  backoffMaxMs: number;
}

export const defaultDeliveryLimits: DeliveryLimits = {
  timeoutMs: 10_000,
  concurrency: 4,
  maxAttempts: 8,
  backoffBaseMs: 1_000,
  backoffMaxMs: 600_000,
};

export interface AdapterHealth {
  ok: boolean;
  /** A short human message, e.g. "gateway answered 503". Never a secret. */
  message?: string;
}

/** Keys of an object config that hold strings or lists of strings (what may be a secret). */
export type SecretKey<TConfig> = {
  [K in keyof TConfig]-?: NonNullable<TConfig[K]> extends string | readonly string[] ? K : never;
}[keyof TConfig] &
  string;

/** Everything an adapter declares. Build it with `defineAdapter`. */
export interface AdapterDefinition<
  TSchema extends AdapterConfigSchema = AdapterConfigSchema,
  TBody extends z.ZodType = z.ZodType,
> {
  /** Stable id: the outbox `adapterId`, the config key (`adapters.<id>`), the webhook path. */
  id: string;
  kind: AdapterKind;
  /** Shown in the admin API, e.g. "信访系统 (petition)". */
  displayName: string;
  /** The adapter's own configuration (without `enabled` and `delivery`, which the runtime adds). */
  config: TSchema;
  /**
   * Config fields that hold secrets (API keys, signing secrets): redacted in logs and never
   * returned by the admin API. Declared as data so the runtime, not each adapter, hides them.
   */
  secrets: readonly SecretKey<z.output<TSchema>>[];
  inbound?: InboundHandler<z.output<TSchema>, TBody>;
  outbound?: OutboundHandler<z.output<TSchema>>;
  /** A cheap check shown in the admin API (no side effects; a few seconds at most). */
  health?(ctx: AdapterContext<z.output<TSchema>>): Promise<AdapterHealth>;
  /** Defaults for this adapter's delivery limits. */
  delivery?: Partial<DeliveryLimits>;
}

/** An adapter of any config, as the registry holds them. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds adapters of different configs.
export type AnyAdapter = AdapterDefinition<any, any>;

/** The config type an adapter validates to. */
export type AdapterConfigOf<A> = A extends AdapterDefinition<infer S> ? z.output<S> : never;

/**
 * Declares an adapter. Returns the definition unchanged (frozen) after checking what can be
 * checked without a config: the id's shape, that secrets name config fields, and that an adapter
 * does at least one thing.
 */
export function defineAdapter<TSchema extends AdapterConfigSchema, TBody extends z.ZodType = z.ZodType>(
  definition: AdapterDefinition<TSchema, TBody>,
): AdapterDefinition<TSchema, TBody> {
  if (!adapterIdPattern.test(definition.id)) {
    throw new AdapterDefinitionError(
      definition.id,
      `id must match ${adapterIdPattern} (lowercase letters, digits, dashes)`,
    );
  }
  const fields = Object.keys(definition.config.shape);
  for (const secret of definition.secrets) {
    if (!fields.includes(secret)) {
      throw new AdapterDefinitionError(definition.id, `secret "${secret}" is not a field of its config`);
    }
  }
  for (const reserved of ['enabled', 'delivery']) {
    if (fields.includes(reserved)) {
      throw new AdapterDefinitionError(
        definition.id,
        `config field "${reserved}" is reserved for the runtime`,
      );
    }
  }
  if (!definition.inbound && !definition.outbound) {
    throw new AdapterDefinitionError(definition.id, 'declares neither inbound nor outbound');
  }
  return Object.freeze({ ...definition });
}

/** Base of the adapters package's errors: a stable `code`, and the cause kept. */
export abstract class AdapterError extends Error {
  abstract readonly code: string;
}

/** A definition that breaks the contract (a programming error, thrown at import). */
export class AdapterDefinitionError extends AdapterError {
  override name = 'AdapterDefinitionError';
  readonly code = 'ADAPTER_DEFINITION';
  constructor(
    readonly adapterId: string,
    problem: string,
  ) {
    super(`adapter ${adapterId}: ${problem}`);
  }
}

/** The registry has no adapter of this id (never a null). */
export class UnknownAdapterError extends AdapterError {
  override name = 'UnknownAdapterError';
  readonly code = 'UNKNOWN_ADAPTER';
  constructor(
    readonly adapterId: string,
    readonly known: readonly string[],
  ) {
    super(`no adapter "${adapterId}"; known adapters: ${known.join(', ') || '(none)'}`);
  }
}

/** The adapter exists but is not enabled in the platform config. */
export class AdapterDisabledError extends AdapterError {
  override name = 'AdapterDisabledError';
  readonly code = 'ADAPTER_DISABLED';
  constructor(readonly adapterId: string) {
    super(`adapter ${adapterId} is not enabled: set adapters.${adapterId}.enabled in the config file`);
  }
}

/** A bad `adapters` section of the platform config; each problem names the adapter and field. */
export class AdapterConfigError extends AdapterError {
  override name = 'AdapterConfigError';
  readonly code = 'ADAPTER_CONFIG';
  constructor(readonly problems: string[]) {
    super(`Invalid adapter configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * A delivery failed. `retryable: false` makes the row a dead letter at once (the receiver refused
 * it for good: 400, 404, 422); otherwise it is retried with backoff until `maxAttempts`.
 */
export class AdapterDeliveryError extends AdapterError {
  override name = 'AdapterDeliveryError';
  readonly code = 'ADAPTER_DELIVERY';
  readonly retryable: boolean;
  /** The receiver's HTTP status, when there was one. */
  readonly status?: number;
  constructor(message: string, options: { retryable: boolean; status?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable;
    if (options.status !== undefined) this.status = options.status;
  }
}

/** An inbound webhook that was verified but cannot become a referral (answered 400 or 422). */
export class AdapterInboundError extends AdapterError {
  override name = 'AdapterInboundError';
  readonly code = 'ADAPTER_INBOUND';
  constructor(
    message: string,
    readonly status: 400 | 422 = 422,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}
