import { DatabaseUnavailableError, DomainError, databaseUnavailableReason } from '@mediation/core';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createGraphQLError, type YogaServerOptions } from 'graphql-yoga';

type MaskError = NonNullable<
  Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>
>['maskError'];

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? unwrap(error.originalError) : error;
}

/** Seconds a client waits before retrying a request refused because the database is busy or down. */
export const retryAfterSeconds = 1;

/**
 * The typed, retryable refusal: HTTP 503 with `Retry-After`, `extensions.code` SERVICE_UNAVAILABLE.
 * Clients retry the same request (mutations with the same `Idempotency-Key`).
 */
export function serviceUnavailable(
  location: { nodes?: GraphQLError['nodes']; path?: GraphQLError['path'] } = {},
) {
  const { message } = new DatabaseUnavailableError('database');
  return createGraphQLError(message, {
    ...location,
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
      http: { status: 503, headers: { 'Retry-After': String(retryAfterSeconds) } },
    },
  });
}

/**
 * Gives every error a stable `extensions.code` and masks the unexpected: domain errors keep their
 * code and message, input problems become BAD_USER_INPUT, a busy or unreachable database becomes
 * SERVICE_UNAVAILABLE (HTTP 503, `Retry-After`), anything else (a bug) becomes "Unexpected error."
 * with code INTERNAL_SERVER_ERROR and no stack or SQL.
 */
export function createErrorMasker(
  onUnexpected: (error: unknown) => void,
  onUnavailable: (reason: string) => void = () => {},
): MaskError {
  return (error, message) => {
    const original = unwrap(error);
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    const location = { nodes: graphQLError?.nodes, path: graphQLError?.path };

    if (original instanceof GraphQLError && original.extensions?.code === 'SERVICE_UNAVAILABLE') {
      return serviceUnavailable(location);
    }

    if (original instanceof DomainError) {
      return createGraphQLError(original.message, { ...location, extensions: { code: original.code } });
    }
    if (original instanceof PothosValidationError) {
      return createGraphQLError(original.message, { ...location, extensions: { code: 'BAD_USER_INPUT' } });
    }
    const unavailable = databaseUnavailableReason(original);
    if (unavailable !== undefined) {
      onUnavailable(unavailable);
      return serviceUnavailable(location);
    }
    if (original instanceof GraphQLError) {
      // Errors the server raised on purpose (parsing, validation, bad scalars, our own input checks).
      const code = (original.extensions?.code as string | undefined) ?? 'BAD_USER_INPUT';
      return createGraphQLError(original.message, {
        ...location,
        extensions: { ...original.extensions, code },
      });
    }
    if (isCursorOrRangeError(original)) {
      // A connection cursor the client made up (`after`/`before`), or a number past a column's range.
      return createGraphQLError('Invalid cursor or value: out of range or of the wrong type', {
        ...location,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    onUnexpected(original);
    return createGraphQLError(message, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
}

/**
 * Prisma's refusals that only client input reaches past our own checks: a cursor decoded to the
 * wrong type (Pothos decodes any tagged value), and P2020, a value out of its column's range.
 */
function isCursorOrRangeError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'PrismaClientKnownRequestError') return (error as { code?: string }).code === 'P2020';
  return error.name === 'PrismaClientValidationError' && /\bcursor\b/.test(error.message);
}
