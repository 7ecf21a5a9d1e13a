import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations as useYogaPersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { ConfigError } from '@mediation/core';
import { parse, print, type Source } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** The id an app registers a document under: lowercase hex SHA-256 of the document text, exactly as sent. */
export function persistedOperationHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

const setting = 'PERSISTED_OPERATIONS_FILE';

/** A manifest key or a hash a client sends: `sha256:<hex>` (client preset, gql.tada) or bare `<hex>`. */
export function normalizePersistedOperationId(id: string): string {
  return id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
}

/**
 * Reads a manifest of persisted operations, hash → document. Two shapes are accepted:
 * - a JSON object `{ "<sha256>": "query … { … }" }`, keys bare or as `sha256:<hex>` (GraphQL Code
 *   Generator's client preset with `persistedDocuments: { hashAlgorithm: 'sha256' }` and gql.tada's
 *   `generate persisted` write `sha256:<hex>`; `@mediation/sdk` ships one of its ready operations);
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
  for (const [key, document] of entries) {
    const hash = normalizePersistedOperationId(key);
    if (typeof document !== 'string' || !document.trim()) {
      problems.push(`${setting}: entry ${key} has no document`);
    } else if (persistedOperationHash(document) !== hash) {
      problems.push(
        `${setting}: entry ${hash} is not the sha256 of its document (expected ${persistedOperationHash(document)})`,
      );
    } else {
      try {
        parse(document);
        operations.set(hash, document);
      } catch (error) {
        problems.push(`${setting}: entry ${key} does not parse: ${(error as Error).message}`);
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
   * Refuse every document that is not registered: over HTTP and SSE an operation must be sent by id
   * (`extensions.persistedQuery.sha256Hash` or `documentId`), over graphql-ws by id in the subscribe
   * payload's `extensions`, or as the text of a registered document (whitespace and comments aside).
   * @default false (registered ids are served, and arbitrary documents are still accepted)
   */
  only?: boolean;
}

interface PersistedParams {
  query?: string;
  documentId?: unknown;
  extensions?: Record<string, unknown>;
}

/** The id a client names its operation by, however it sends it (`documentId` or Apollo's `persistedQuery`). */
function persistedOperationIdOf(params: PersistedParams | undefined): string | null {
  if (!params) return null;
  if (typeof params.documentId === 'string') return normalizePersistedOperationId(params.documentId);
  const persistedQuery = params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persistedQuery?.sha256Hash === 'string'
    ? normalizePersistedOperationId(persistedQuery.sha256Hash)
    : null;
}

/** The same document printed the same way, so texts that differ only in layout and comments match. */
function canonicalText(document: string): string | null {
  try {
    return print(parse(document, { noLocation: true }));
  } catch {
    return null;
  }
}

/**
 * Persisted operations with Yoga's `@graphql-yoga/plugin-persisted-operations`, as standard clients
 * send them: Apollo-style `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"<hash>"}}}`
 * (POST, or GET parameters), `{"documentId":"<hash>"}` (urql, GraphQL Code Generator's client preset),
 * ids with or without the `sha256:` prefix, over HTTP, SSE and graphql-ws alike. In `only` mode
 * nothing else runs, which turns a production API into the set of operations its apps were built with.
 */
export function usePersistedOperations({ operations, only = false }: PersistedOperationsOptions): Plugin {
  const byCanonicalText = new Map<string, string>();
  for (const document of operations.values()) {
    const canonical = canonicalText(document);
    if (canonical) byCanonicalText.set(canonical, document);
  }
  const yogaPlugin = useYogaPersistedOperations({
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
    extractPersistedOperationId: (params) => persistedOperationIdOf(params as PersistedParams),
    allowArbitraryOperations: !only,
    customErrors: {
      notFound: {
        message: 'No persisted operation is registered under this hash.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
      },
      keyNotFound: {
        message:
          'Send a query, or the id of a persisted operation (documentId or extensions.persistedQuery.sha256Hash).',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
      persistedQueryOnly: {
        message:
          'Only persisted operations are accepted: send documentId or extensions.persistedQuery.sha256Hash instead of a query.',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
      },
    },
  }) as Plugin;

  /** graphql-ws: the registered document a subscribe payload names by id or by its text. */
  const registeredDocumentOf = (text: string, params: PersistedParams | undefined): string | undefined => {
    const id = persistedOperationIdOf(params);
    if (id) return operations.get(id);
    const exact = operations.get(persistedOperationHash(text));
    if (exact || !only) return exact;
    const canonical = canonicalText(text);
    return canonical ? byCanonicalText.get(canonical) : undefined;
  };

  return {
    ...yogaPlugin,
    onParams(payload) {
      // `documentId` is not a standard Yoga parameter: carry it as the id Yoga's plugin reads, so the
      // parameter check that runs after us sees only the standard four.
      const params = payload.params as PersistedParams & typeof payload.params;
      if (params.documentId !== undefined) {
        const { documentId, ...rest } = params;
        const id = typeof documentId === 'string' ? documentId : String(documentId);
        const extensions = { ...rest.extensions, persistedQuery: { version: 1, sha256Hash: id } };
        payload.setParams({ ...rest, extensions });
        return yogaPlugin.onParams?.({ ...payload, params: { ...rest, extensions } });
      }
      return yogaPlugin.onParams?.(payload);
    },
    // graphql-ws operations do not pass through Yoga's `onParams`, only through envelop's parse: there
    // the subscribe payload names a registered document by id (in its extensions) or by its text.
    onParse(payload) {
      const { params, context } = payload;
      const wsParams = (context as { params?: PersistedParams }).params;
      if (!(context as { request?: unknown }).request && wsParams) {
        const text = typeof params.source === 'string' ? params.source : (params.source as Source).body;
        const registered = registeredDocumentOf(text, wsParams);
        if (registered) {
          payload.setParsedDocument(parse(registered));
          return;
        }
        if (only && persistedOperationIdOf(wsParams)) {
          throw createGraphQLError('No persisted operation is registered under this hash.', {
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
          });
        }
        if (only) {
          throw createGraphQLError('Only persisted operations are accepted, and this document is not one.', {
            extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
          });
        }
      }
      return yogaPlugin.onParse?.(payload as never);
    },
  };
}
