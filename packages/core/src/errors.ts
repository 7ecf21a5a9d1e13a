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
