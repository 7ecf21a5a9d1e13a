// Which database failures mean "busy or unreachable, try again" rather than "this request is wrong"
// or "a bug". The API answers those as a typed, retryable 503 (SERVICE_UNAVAILABLE), webhooks as a
// 503 so partners retry, and the driver wrapper retries a read once when its connection died.

/** Prisma error codes of a database that is busy or out of reach. */
const unavailablePrismaCodes = new Set([
  'P1001', // can't reach the database server
  'P1002', // the server was reached but timed out
  'P1008', // operation timed out
  'P1017', // the server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2028', // transaction API error: could not start in time, or expired
  'P2034', // write conflict or deadlock: retry the transaction
  'P2037', // too many database connections
]);

/** Driver-adapter error kinds (@prisma/driver-adapter-utils) of the same. */
const unavailableKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionWriteConflict',
  'TransactionAlreadyClosed',
]);

/** SQLSTATE codes: connection exceptions (08), shutdown/cancel (57P0x), resources (53), retry (40). */
function isUnavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code === '57P01' || // admin_shutdown (pg_terminate_backend)
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    code === '53300' || // too_many_connections
    code === '53400' || // configuration_limit_exceeded
    code === '40001' || // serialization_failure
    code === '40P01' || // deadlock_detected
    code === '55P03' // lock_not_available
  );
}

const unavailableSystemCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Messages of pg, pg-pool and PGlite for a lost or unobtainable connection. */
const unavailableMessages = [
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /Unable to start a transaction in the given time/i,
  /Transaction already closed/i,
  /Cannot use a pool after calling end on the pool/i,
  /PGlite is closed/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** Errors a statement on a dead connection fails with: it never ran, so a read may be sent again. */
const lostConnectionMessages = [
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  meta?: { driverAdapterError?: unknown; [key: string]: unknown };
}

/** The error and everything it wraps (causes, Prisma's driver-adapter error), at most 8 deep. */
function* chain(error: unknown): Generator<ErrorLike> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length && seen.size < 8) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const item = next as ErrorLike;
    yield item;
    queue.push(item.cause, item.meta?.driverAdapterError);
    if (Array.isArray((next as { errors?: unknown }).errors))
      queue.push(...(next as { errors: unknown[] }).errors);
  }
}

/**
 * Why `error` means the database is busy or unreachable (a short tag for logs and metrics), or
 * undefined when it is anything else.
 */
export function databaseUnavailableReason(error: unknown): string | undefined {
  for (const item of chain(error)) {
    const code = typeof item.code === 'string' ? item.code : undefined;
    if (code && unavailablePrismaCodes.has(code)) return code;
    if (typeof item.kind === 'string' && unavailableKinds.has(item.kind)) return item.kind;
    const sqlState = typeof item.originalCode === 'string' ? item.originalCode : code;
    if (sqlState && /^[0-9A-Z]{5}$/.test(sqlState) && isUnavailableSqlState(sqlState)) return sqlState;
    if (code && unavailableSystemCodes.has(code)) return code;
    const message = typeof item.message === 'string' ? item.message : '';
    if (unavailableMessages.some((pattern) => pattern.test(message))) return 'connection';
  }
  return undefined;
}

/** The database is busy or unreachable: the same request may succeed when sent again later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableReason(error) !== undefined;
}

/** The statement failed because its connection was already dead, so it did not run. */
export function isLostConnection(error: unknown): boolean {
  for (const item of chain(error)) {
    if (item.kind === 'ConnectionClosed') return true;
    const code = typeof item.originalCode === 'string' ? item.originalCode : item.code;
    if (code === '57P01' || code === 'ECONNRESET' || code === 'EPIPE') return true;
    const message = typeof item.message === 'string' ? item.message : '';
    if (lostConnectionMessages.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/** A typed, retryable refusal: the database is busy or unreachable. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    readonly reason: string,
    /** Seconds a client should wait before retrying. */
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super('数据库暂时不可用或繁忙，请稍后重试 (the database is busy or unreachable; retry shortly)', options);
  }
}
