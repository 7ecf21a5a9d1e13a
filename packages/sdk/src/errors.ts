/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface MediationErrorOptions {
  code: string;
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** graphql-ws close code, when the socket was closed. */
  closeCode?: number;
  errors?: readonly GraphQLErrorEntry[];
  /** Seconds to wait before trying again (`Retry-After`). */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * A request the API refused or could not answer. `code` is the stable `extensions.code` of the
 * server's first error (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, BAD_USER_INPUT, …), or
 * NETWORK_ERROR when no answer arrived. Specific codes have their own subclasses to `instanceof`.
 */
export class MediationError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly closeCode: number | undefined;
  readonly errors: readonly GraphQLErrorEntry[];
  /** The first error's `extensions`. */
  readonly extensions: Record<string, unknown>;
  /** Whether the same request may succeed later (network, overload, rate limit). */
  readonly retryable: boolean = false;

  constructor(message: string, options: MediationErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
    this.closeCode = options.closeCode;
    this.errors = options.errors ?? [];
    this.extensions = { ...(this.errors[0]?.extensions ?? {}), code: options.code };
  }
}

/** No credentials, or credentials the server does not accept (HTTP 401, graphql-ws close 4403): sign in again. */
export class UnauthenticatedError extends MediationError {}

/** Signed in, but not allowed to do this. */
export class ForbiddenError extends MediationError {}

/** Bad variables or arguments (`BAD_USER_INPUT`), refused before anything ran. */
export class BadUserInputError extends MediationError {}

/** Too many operations; try again after `retryAfter` seconds (HTTP 429, `Retry-After`). */
export class RateLimitedError extends MediationError {
  override readonly retryable = true;
  /** Seconds until the window resets, from `Retry-After` (or `extensions.retryAfterSeconds`). */
  readonly retryAfter: number | undefined;
  constructor(message: string, options: MediationErrorOptions) {
    super(message, options);
    this.retryAfter = options.retryAfter;
  }
}

/** The service is overloaded or its database unreachable (HTTP 503); retry after `retryAfter` seconds. */
export class ServiceUnavailableError extends MediationError {
  override readonly retryable = true;
  readonly retryAfter: number | undefined;
  constructor(message: string, options: MediationErrorOptions) {
    super(message, options);
    this.retryAfter = options.retryAfter;
  }
}

/** The request never got an answer (connection refused or dropped, timeout). */
export class NetworkError extends MediationError {
  override readonly retryable = true;
}

/**
 * A live subscription could not resume: its resume point is older than the server keeps events.
 * Refetch the state (e.g. the case list) and subscribe again without a resume point.
 */
export class ResumePointExpiredError extends MediationError {}

/** In persisted mode: the server has no operation registered under the hash the client sent. */
export class PersistedQueryNotFoundError extends MediationError {}

const classByCode: Record<string, new (message: string, options: MediationErrorOptions) => MediationError> = {
  UNAUTHENTICATED: UnauthenticatedError,
  FORBIDDEN: ForbiddenError,
  BAD_USER_INPUT: BadUserInputError,
  RATE_LIMITED: RateLimitedError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
  RESUME_POINT_EXPIRED: ResumePointExpiredError,
  PERSISTED_QUERY_NOT_FOUND: PersistedQueryNotFoundError,
  NETWORK_ERROR: NetworkError,
};

/** `Retry-After` as seconds (a number of seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The typed error of a refused request: by its first error's code, else by its HTTP status. */
export function toMediationError(
  errors: readonly GraphQLErrorEntry[] | undefined,
  context: { status?: number; retryAfter?: string | null; closeCode?: number; cause?: unknown } = {},
): MediationError {
  const first = errors?.[0];
  const code =
    first?.extensions?.code ??
    (context.status === 401
      ? 'UNAUTHENTICATED'
      : context.status === 403
        ? 'FORBIDDEN'
        : context.status === 429
          ? 'RATE_LIMITED'
          : context.status === 503
            ? 'SERVICE_UNAVAILABLE'
            : context.status && context.status >= 500
              ? 'INTERNAL_SERVER_ERROR'
              : 'GRAPHQL_ERROR');
  const fromExtensions = first?.extensions?.retryAfterSeconds;
  const retryAfter =
    parseRetryAfter(context.retryAfter) ?? (typeof fromExtensions === 'number' ? fromExtensions : undefined);
  const ErrorClass = classByCode[code] ?? MediationError;
  return new ErrorClass(first?.message ?? `the API answered ${context.status ?? 'an error'}`, {
    code,
    status: context.status,
    closeCode: context.closeCode,
    errors,
    retryAfter,
    cause: context.cause,
  });
}

/** The branch of a result union that is one of the schema's `Error` types (it selected `code` and `message`). */
export type FailureOf<R> = Extract<R, { code: string; message: string }>;
/** The other branches: the success payload. */
export type SuccessOf<R> = Exclude<R, { code: string; message: string }>;

/**
 * Narrows a mutation's result union (`… on Error { code message }`) to its failure branch:
 * `if (isFailure(result)) showIssues(result)` (with `__typename` to tell the error types apart).
 */
export function isFailure<R extends { __typename?: string }>(result: R): result is FailureOf<R> {
  return (
    typeof (result as { code?: unknown }).code === 'string' &&
    typeof (result as { message?: unknown }).message === 'string' &&
    !(result.__typename ?? '').endsWith('Success')
  );
}

/** An expected failure of a command (a `ValidationError`, `StaleVersionError`, … result), thrown by `unwrap`. */
export class ResultError<F extends { __typename?: string; code: string; message: string }> extends Error {
  readonly code: string;
  readonly typename: string | undefined;
  constructor(readonly result: F) {
    super(result.message);
    this.name = 'ResultError';
    this.code = result.code;
    this.typename = result.__typename;
  }
}

/** The success branch of a result union; a failure branch is thrown as a `ResultError` carrying it. */
export function unwrap<R extends { __typename?: string }>(result: R): SuccessOf<R> {
  if (isFailure(result)) throw new ResultError(result);
  return result as SuccessOf<R>;
}
