import { GraphQLError } from 'graphql';

/** Turns the id part of a decoded global ID into a database id, or rejects it as bad input. */
/** Ids are PostgreSQL `integer`s: anything above is no record (and must not reach the database). */
const maxDatabaseId = 2_147_483_647;

export function databaseId(globalId: { id: string; typename: string }): number {
  const id = Number(globalId.id);
  if (!Number.isSafeInteger(id) || id <= 0 || id > maxDatabaseId || String(id) !== globalId.id) {
    throw new GraphQLError(`Invalid ${globalId.typename} ID`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return id;
}

export function optionalDatabaseId(
  globalId: { id: string; typename: string } | null | undefined,
): number | undefined {
  return globalId ? databaseId(globalId) : undefined;
}

/** `findUnique` for `node(id:)` lookups: an id part that is not a positive integer is bad input. */
export function byNodeId(id: string): { id: number } {
  return { id: databaseId({ id, typename: 'node' }) };
}

/** Connection page sizes: asking for more than the maximum is an error, not a silent cut. */
export const maxPageSize = 100;
export function checkedPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > maxPageSize)) {
      throw new GraphQLError(`"${name}" must be between 0 and ${maxPageSize}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  }
  return maxPageSize;
}
