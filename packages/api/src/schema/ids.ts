import { GraphQLError } from 'graphql';

/** Turns the id part of a decoded global ID into a database id, or rejects it as bad input. */
export function databaseId(globalId: { id: string; typename: string }): number {
  const id = Number(globalId.id);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== globalId.id) {
    throw new GraphQLError(`Invalid ${globalId.typename} ID`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return id;
}

export function optionalDatabaseId(globalId: { id: string; typename: string } | null | undefined): number | undefined {
  return globalId ? databaseId(globalId) : undefined;
}
