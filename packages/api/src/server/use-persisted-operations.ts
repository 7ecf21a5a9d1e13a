import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations as useYogaPersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { ConfigError } from '@mediation/core';
import { parse, type Source } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** The id an app registers a document under: lowercase hex SHA-256 of the document text, exactly as sent. */
export function persistedOperationHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

const setting = 'PERSISTED_OPERATIONS_FILE';

/**
 * Reads a manifest of persisted operations, hash → document. Two shapes are accepted:
 * - a JSON object `{ "<sha256>": "query … { … }" }` (GraphQL Code Generator's client preset with
 *   `persistedDocuments: { hashAlgorithm: 'sha256' }` writes `persisted-documents.json` this way);
 * - Apollo's `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "body" }] }`.
 * Every hash must be the SHA-256 of its document and every document must parse; anything else
 * stops the start with a ConfigError naming the entry.
 */
export function loadPersistedOperations(file: string): Map<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ? 'cannot be read' : 'is not JSON';
    throw new ConfigError([
      `${setting}: ${file} ${reason}; set ${setting} to the JSON manifest of the apps' operations`,
    ]);
  }
  let entries: [string, unknown][];
  if (manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest)) {
    const record = manifest as Record<string, unknown>;
    entries =
      record.format === 'apollo-persisted-query-manifest' && Array.isArray(record.operations)
        ? (record.operations as { id?: unknown; body?: unknown }[]).map((op) => [String(op?.id), op?.body])
        : Object.entries(record);
  } else {
    throw new ConfigError([`${setting}: ${file} must hold a JSON object of sha256 hash → GraphQL document`]);
  }
  const problems: string[] = [];
  const operations = new Map<string, string>();
  for (const [hash, document] of entries) {
    if (typeof document !== 'string' || !document.trim()) {
      problems.push(`${setting}: entry ${hash} has no document`);
    } else if (persistedOperationHash(document) !== hash) {
      problems.push(
        `${setting}: entry ${hash} is not the sha256 of its document (expected ${persistedOperationHash(document)})`,
      );
    } else {
      try {
        parse(document);
        operations.set(hash, document);
      } catch (error) {
        problems.push(`${setting}: entry ${hash} does not parse: ${(error as Error).message}`);
      }
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return operations;
}

export interface PersistedOperationsOptions {
  /** The registered operations, hash → document (see `loadPersistedOperations`). */
  operations: ReadonlyMap<string, string>;
  /**
   * Refuse every document that is not registered: over HTTP an operation must be sent by hash
   * (`extensions.persistedQuery.sha256Hash`), over graphql-ws its text must be a registered one.
   * @default false (registered hashes are served, and arbitrary documents are still accepted)
   */
  only?: boolean;
}

/**
 * Persisted operations with Yoga's `@graphql-yoga/plugin-persisted-operations`: a client sends
 * `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"<hash>"}},"variables":{…}}` (POST, or
 * the same as GET parameters) instead of the query text. In `only` mode nothing else runs, which
 * turns a production API into the set of operations its apps were built with.
 */
export function usePersistedOperations({ operations, only = false }: PersistedOperationsOptions): Plugin {
  const yogaPlugin = useYogaPersistedOperations({
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
    allowArbitraryOperations: !only,
    customErrors: {
      notFound: {
        message: 'No persisted operation is registered under this hash.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
      },
      keyNotFound: {
        message: 'Send a query, or the sha256Hash of a persisted operation in extensions.persistedQuery.',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
      persistedQueryOnly: {
        message:
          'Only persisted operations are accepted: send extensions.persistedQuery.sha256Hash instead of a query.',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
      },
    },
  });
  if (!only) return yogaPlugin as Plugin;
  return {
    ...(yogaPlugin as Plugin),
    // graphql-ws operations do not pass through Yoga's `onParams`, only through envelop's parse: there
    // the document itself must be one of the registered texts.
    onParse(payload) {
      const { params } = payload;
      const text = typeof params.source === 'string' ? params.source : (params.source as Source).body;
      if (!operations.has(persistedOperationHash(text))) {
        throw createGraphQLError('Only persisted operations are accepted, and this document is not one.', {
          extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
        });
      }
      return yogaPlugin.onParse?.(payload as never);
    },
  };
}
