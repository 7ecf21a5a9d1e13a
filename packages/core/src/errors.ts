/**
 * Domain errors: expected failures with a stable `code`. The API turns them into typed GraphQL
 * results (mutations) or errors with `extensions.code` (queries); anything else is masked.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. "parties.0.phone". */
  path: string;
  message: string;
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly issues: FieldIssue[],
    message = `Invalid input: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly reference: string,
  ) {
    super(`${entity} ${reference} does not exist`);
  }
}

/** A uniqueness clash (a code already in use) or a stale version (optimistic concurrency). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  readonly code = 'CONFLICT';
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  readonly code = 'FORBIDDEN';
}

/** The command is not allowed in the case's current status (the lifecycle table says no). */
export class IllegalTransitionError extends DomainError {
  override name = 'IllegalTransitionError';
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly command: string,
    readonly status: string,
    message = `cannot ${command} a case that is ${status}`,
  ) {
    super(message);
  }
}

/** Optimistic concurrency: the case changed since the version the caller read. */
export class StaleVersionError extends DomainError {
  override name = 'StaleVersionError';
  readonly code = 'STALE_VERSION';
  constructor(
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`the case is at version ${actualVersion}, not ${expectedVersion}: reload it and try again`);
  }
}
