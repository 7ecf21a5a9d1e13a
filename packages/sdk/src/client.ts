import type { TadaDocumentNode } from 'gql.tada';
import { createClient as createSseClient, NetworkError as SseNetworkError } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import {
  type GraphQLErrorEntry,
  MediationError,
  NetworkError,
  PersistedQueryNotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  toMediationError,
  UnauthenticatedError,
} from './errors.js';
import { type Operation, operationOf } from './operation.js';

/** What `auth` returns: a staff token (JWT), an integration's API key, or nothing (signed out). */
export type Credentials = { token: string } | { apiKey: string } | null | undefined;

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `https://mediation.example.gov.cn/graphql`. */
  url: string;
  /**
   * Called before every HTTP request and every (re)connection of a live transport, so a refreshed
   * token is used from then on. A refusal (HTTP 401, graphql-ws close 4403) is retried once only when
   * `auth` then returns other credentials.
   * @default no credentials
   */
  auth?: () => Credentials | Promise<Credentials>;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** A WebSocket class for graphql-ws (Node 20 has none: pass `ws`). @default globalThis.WebSocket */
  webSocketImpl?: unknown;
  /**
   * How subscriptions travel: `ws` (graphql-ws), `sse` (Server-Sent Events over HTTP), or `auto`:
   * graphql-ws when a WebSocket class is available and the socket opens, else SSE.
   * @default 'auto'
   */
  transport?: 'auto' | 'ws' | 'sse';
  /**
   * Persisted operations: `true` sends each document's SHA-256 hash (`extensions.persistedQuery`)
   * and falls back to its text when the server does not know it; `'only'` never sends text over HTTP
   * and SSE (for a server in PERSISTED_OPERATIONS_ONLY mode with this SDK's manifest).
   * @default false
   */
  persisted?: boolean | 'only';
  /** @default `url` with `ws:`/`wss:` */
  wsUrl?: string;
  /** Reconnection of subscriptions: exponential backoff with jitter. */
  reconnect?: {
    /** @default Infinity */
    attempts?: number;
    /** @default 500 */
    initialDelayMs?: number;
    /** @default 30_000 */
    maxDelayMs?: number;
  };
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface SubscribeOptions {
  /**
   * Resume point: the `cursor` of the last event the app already has. The client keeps it up to date
   * itself and resubscribes from it after every reconnection, when the document declares `$after`
   * and selects `cursor` on its root field.
   */
  after?: string;
  signal?: AbortSignal;
}

/**
 * A live subscription: an async iterable of results (`for await (const event of sub)`). It reconnects
 * by itself; it ends when the server completes it, the app breaks out of the loop or calls `close()`,
 * or with a typed error (`UnauthenticatedError`, `ResumePointExpiredError`, `BadUserInputError` …).
 */
export interface Subscription<R> extends AsyncIterableIterator<R> {
  /** The cursor of the last event received (the resume point). */
  readonly cursor: string | undefined;
  /** How many times the transport reconnected. */
  readonly reconnects: number;
  close(): Promise<void>;
}

/** A Relay connection as a document selects it: `nodes` or `edges { node }`, and `pageInfo`. */
export interface ConnectionPage<N> {
  nodes?: readonly (N | null)[] | null;
  edges?: readonly ({ node: N } | null)[] | null;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

type VariablesArgs<V, O> =
  Record<string, never> extends V ? [variables?: V, options?: O] : [variables: V, options?: O];

export interface MediationClient {
  /** Runs a query or mutation over HTTP; answers its `data`, or throws a `MediationError`. */
  request<R, V>(document: TadaDocumentNode<R, V>, ...args: VariablesArgs<V, RequestOptions>): Promise<R>;
  /** Subscribes over graphql-ws or SSE (see `transport`), reconnecting and resuming by itself. */
  subscribe<R, V>(
    document: TadaDocumentNode<R, V>,
    ...args: VariablesArgs<V, SubscribeOptions>
  ): Subscription<R>;
  /**
   * Walks a connection page by page (the document declares `$after: String` and selects
   * `pageInfo { hasNextPage endCursor }`), yielding its nodes.
   */
  paginate<R, V extends { after?: string | null }, N>(
    document: TadaDocumentNode<R, V>,
    variables: Omit<V, 'after'>,
    connection: (data: R) => ConnectionPage<N> | null | undefined,
    options?: RequestOptions,
  ): AsyncIterableIterator<NonNullable<N>>;
  /** Ends every subscription and closes the transports. */
  dispose(): Promise<void>;
}

interface Sink {
  next(result: { data?: unknown; errors?: readonly GraphQLErrorEntry[] }): void;
  error(error: unknown): void;
  complete(): void;
}

interface LiveTransport {
  name: 'ws' | 'sse';
  subscribe(payload: Record<string, unknown>, sink: Sink): () => void;
  /** The credentials of the last connection or request it made, to tell whether `auth` changed them. */
  lastCredentials(): string | undefined;
  everConnected(): boolean;
  /** Calls `listener` on every (re)connection; answers the unsubscribe. */
  onConnected(listener: () => void): () => void;
  dispose(): Promise<void>;
}

const credentialsKey = (credentials: Credentials) => JSON.stringify(credentials ?? null);

function headersOf(credentials: Credentials): Record<string, string> {
  if (!credentials) return {};
  if ('token' in credentials) return { authorization: `Bearer ${credentials.token}` };
  return { 'x-api-key': credentials.apiKey };
}

function connectionParamsOf(credentials: Credentials): Record<string, string> {
  if (!credentials) return {};
  if ('token' in credentials) return { authorization: `Bearer ${credentials.token}` };
  return { apiKey: credentials.apiKey };
}

/** graphql-ws close codes after which the same subscription cannot succeed. */
const fatalCloseCodes = new Set([4400, 4406, 4409, 4413]);

export function createClient(options: ClientOptions): MediationClient {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const auth = async () => (options.auth ? await options.auth() : undefined);
  const persisted = options.persisted ?? false;
  const reconnect = { attempts: Infinity, initialDelayMs: 500, maxDelayMs: 30_000, ...options.reconnect };
  const webSocketImpl = options.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  const wsUrl = options.wsUrl ?? options.url.replace(/^http/, 'ws');
  /** Documents the server turned down by hash (not registered there): sent as text from then on. */
  const sendAsText = new WeakSet<Operation>();
  const open = new Set<{ close(): Promise<void> }>();

  async function post(body: unknown, signal?: AbortSignal) {
    const credentials = await auth();
    let response: Response;
    try {
      response = await fetchFn(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...headersOf(credentials),
        },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new NetworkError(`cannot reach ${options.url}: ${(error as Error).message}`, {
        code: 'NETWORK_ERROR',
        cause: error,
      });
    }
    let json: { data?: unknown; errors?: GraphQLErrorEntry[] } | undefined;
    try {
      json = (await response.json()) as typeof json;
    } catch {
      json = undefined;
    }
    return { response, json, credentials };
  }

  function bodyOf(operation: Operation, variables: unknown, hash: string | undefined) {
    const base = { operationName: operation.name, variables: variables ?? {} };
    return hash
      ? { ...base, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }
      : { ...base, query: operation.text };
  }

  async function request(
    document: TadaDocumentNode<unknown, unknown>,
    variables?: unknown,
    opts?: RequestOptions,
  ) {
    const operation = operationOf(document);
    let retriedAuth = false;
    for (;;) {
      const byHash = persisted === 'only' || (persisted && !sendAsText.has(operation));
      const body = bodyOf(operation, variables, byHash ? await operation.hash() : undefined);
      const { response, json, credentials } = await post(body, opts?.signal);
      if (json && json.data != null && !json.errors?.length) return json.data;
      const error = toMediationError(json?.errors, {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
      });
      // a server that does not know the hash, or has no persisted operations at all ("Must provide query string")
      const missed =
        error instanceof PersistedQueryNotFoundError ||
        (error.code === 'BAD_REQUEST' && response.status === 400);
      if (missed && persisted === true && byHash) {
        sendAsText.add(operation);
        continue;
      }
      if (
        error instanceof UnauthenticatedError &&
        !retriedAuth &&
        credentialsKey(await auth()) !== credentialsKey(credentials)
      ) {
        retriedAuth = true;
        continue;
      }
      throw error;
    }
  }

  let wsTransport: LiveTransport | undefined;
  let sseTransport: LiveTransport | undefined;

  function ws(): LiveTransport {
    if (wsTransport) return wsTransport;
    let last: string | undefined;
    let connected = false;
    const listeners = new Set<() => void>();
    const client = createWsClient({
      url: wsUrl,
      webSocketImpl,
      lazy: true,
      lazyCloseTimeout: 0,
      // Reconnection is ours: each subscription resubscribes from its own resume point.
      retryAttempts: 0,
      connectionParams: async () => {
        const credentials = await auth();
        last = credentialsKey(credentials);
        return connectionParamsOf(credentials);
      },
      on: {
        connected: () => {
          connected = true;
          for (const listener of listeners) listener();
        },
      },
    });
    wsTransport = {
      name: 'ws',
      subscribe: (payload, sink) =>
        client.subscribe(payload as { query: string }, {
          next: (result) => sink.next(result as { data?: unknown; errors?: GraphQLErrorEntry[] }),
          error: sink.error,
          complete: sink.complete,
        }),
      lastCredentials: () => last,
      everConnected: () => connected,
      onConnected: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      dispose: async () => {
        await client.dispose();
      },
    };
    return wsTransport;
  }

  function sse(): LiveTransport {
    if (sseTransport) return sseTransport;
    let last: string | undefined;
    let connected = false;
    const client = createSseClient({
      url: options.url,
      fetchFn: fetchFn as never,
      retryAttempts: 0,
      headers: async () => {
        const credentials = await auth();
        last = credentialsKey(credentials);
        return headersOf(credentials);
      },
      onMessage: () => {
        connected = true;
      },
    });
    sseTransport = {
      name: 'sse',
      subscribe: (payload, sink) =>
        client.subscribe(payload as { query: string }, {
          next: (result) => sink.next(result as { data?: unknown; errors?: GraphQLErrorEntry[] }),
          error: sink.error,
          complete: sink.complete,
        }),
      lastCredentials: () => last,
      everConnected: () => connected,
      // graphql-sse in distinct-connections mode opens one request per subscription: no shared reconnection
      onConnected: () => () => {},
      dispose: async () => client.dispose(),
    };
    return sseTransport;
  }

  let preferred: 'ws' | 'sse' =
    options.transport === 'sse' || (options.transport !== 'ws' && !webSocketImpl) ? 'sse' : 'ws';
  const transport = () => (preferred === 'ws' ? ws() : sse());

  /** What a failed attempt means: give up with this error, or try again after `delayMs`. */
  async function judge(
    error: unknown,
    used: LiveTransport,
    attempt: number,
  ): Promise<{ fatal: MediationError } | { delayMs: number }> {
    const backoff = () =>
      Math.min(reconnect.maxDelayMs, reconnect.initialDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2);
    const credentialsChanged = async () => credentialsKey(await auth()) !== used.lastCredentials();
    let typed: MediationError;
    if (error instanceof MediationError) {
      typed = error;
    } else if (Array.isArray(error)) {
      typed = toMediationError(error as GraphQLErrorEntry[]);
    } else if (error instanceof SseNetworkError && error.response) {
      const response = error.response as Response;
      let body: { errors?: GraphQLErrorEntry[] } | undefined;
      try {
        body = (await response.json()) as typeof body;
      } catch {
        body = undefined;
      }
      typed = toMediationError(body?.errors, {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
      });
      if (response.status >= 500 && !(typed instanceof ServiceUnavailableError)) {
        return { delayMs: backoff() };
      }
    } else if (typeof (error as { code?: unknown })?.code === 'number') {
      const { code, reason } = error as { code: number; reason?: string };
      if (code === 4403) {
        typed = new UnauthenticatedError(reason || 'the server refused the credentials', {
          code: 'UNAUTHENTICATED',
          closeCode: code,
        });
      } else if (fatalCloseCodes.has(code)) {
        return {
          fatal: new MediationError(reason || `closed with ${code}`, {
            code: 'BAD_REQUEST',
            closeCode: code,
          }),
        };
      } else {
        if (used.name === 'ws' && !used.everConnected() && options.transport !== 'ws') preferred = 'sse';
        return { delayMs: used.everConnected() ? backoff() : preferred === 'sse' ? 0 : backoff() };
      }
    } else {
      // the socket or the request failed before any answer
      if (used.name === 'ws' && !used.everConnected() && options.transport !== 'ws') {
        preferred = 'sse';
        return { delayMs: 0 };
      }
      return { delayMs: backoff() };
    }
    if (typed instanceof UnauthenticatedError) {
      return (await credentialsChanged()) ? { delayMs: 0 } : { fatal: typed };
    }
    if (typed instanceof RateLimitedError || typed instanceof ServiceUnavailableError) {
      return { delayMs: typed.retryAfter !== undefined ? typed.retryAfter * 1000 : backoff() };
    }
    if (typed instanceof NetworkError) return { delayMs: backoff() };
    if (typed instanceof PersistedQueryNotFoundError && persisted === true) return { delayMs: 0 };
    return { fatal: typed };
  }

  function subscribe(
    document: TadaDocumentNode<unknown, unknown>,
    variables?: Record<string, unknown>,
    opts: SubscribeOptions = {},
  ): Subscription<unknown> {
    const operation = operationOf(document);
    const queue = createLiveQueue<unknown>();
    let cursor = opts.after;
    let reconnects = 0;
    let stop: (() => void) | undefined;
    let wake: (() => void) | undefined;
    let closed = false;

    const close = async () => {
      if (closed) return;
      closed = true;
      stop?.();
      wake?.();
      open.delete(handle);
      queue.end();
    };
    const handle = { close };
    open.add(handle);
    opts.signal?.addEventListener('abort', () => void close(), { once: true });

    const payloadFor = async (used: LiveTransport) => {
      const vars = operation.resumable && cursor ? { ...variables, after: cursor } : (variables ?? {});
      const hash = persisted && !sendAsText.has(operation) ? await operation.hash() : undefined;
      const payload: Record<string, unknown> = { operationName: operation.name, variables: vars };
      if (hash) payload.extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      // graphql-ws always carries the text (its protocol requires it; the server prefers the id); SSE is
      // sent by id alone
      if (!hash || used.name === 'ws') payload.query = operation.text;
      return payload;
    };

    void (async () => {
      let attempt = 0;
      while (!closed) {
        const used = transport();
        const payload = await payloadFor(used);
        // graphql-ws resubscribes by itself after a normal closure (1000) while subscriptions are open,
        // re-sending this very payload: keeping its resume point current makes that a resume too.
        let connections = 0;
        const stopCounting = used.onConnected(() => {
          if (connections++ > 0) reconnects += 1;
        });
        const outcome = await new Promise<{ error?: unknown; complete?: true }>((resolve) => {
          stop = used.subscribe(payload, {
            next: (result) => {
              if (result.errors?.length && result.data == null) {
                resolve({ error: toMediationError(result.errors) });
                return;
              }
              attempt = 0;
              const next = cursorOf(result.data);
              if (next) {
                cursor = next;
                if (operation.resumable) payload.variables = { ...variables, after: cursor };
              }
              queue.push(result.data);
            },
            error: (error) => resolve({ error }),
            complete: () => resolve({ complete: true }),
          });
        });
        stopCounting();
        stop?.();
        stop = undefined;
        if (closed) return;
        if (outcome.complete) {
          open.delete(handle);
          queue.end();
          return;
        }
        if (outcome.error instanceof PersistedQueryNotFoundError && persisted === true)
          sendAsText.add(operation);
        const verdict = await judge(outcome.error, used, attempt);
        if ('fatal' in verdict || attempt >= reconnect.attempts) {
          open.delete(handle);
          queue.fail(
            'fatal' in verdict
              ? verdict.fatal
              : new NetworkError('gave up reconnecting', { code: 'NETWORK_ERROR', cause: outcome.error }),
          );
          return;
        }
        attempt += 1;
        reconnects += 1;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, verdict.delayMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    })();

    // getters, not Object.assign (which would copy their values once)
    return Object.defineProperties(queue.iterator(close), {
      cursor: { get: () => cursor, enumerable: true },
      reconnects: { get: () => reconnects, enumerable: true },
      close: { value: close, enumerable: true },
    }) as Subscription<unknown>;
  }

  async function* paginate<R, N>(
    document: TadaDocumentNode<R, never>,
    variables: Record<string, unknown>,
    connection: (data: R) => ConnectionPage<N> | null | undefined,
    opts?: RequestOptions,
  ): AsyncGenerator<N> {
    let after: string | null | undefined;
    for (;;) {
      const data = (await request(
        document as TadaDocumentNode<unknown, unknown>,
        { ...variables, after },
        opts,
      )) as R;
      const page = connection(data);
      if (!page) return;
      const nodes = page.nodes ?? page.edges?.map((edge) => edge?.node) ?? [];
      for (const node of nodes) if (node != null) yield node;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  }

  return {
    request: request as MediationClient['request'],
    subscribe: subscribe as MediationClient['subscribe'],
    paginate: paginate as MediationClient['paginate'],
    async dispose() {
      await Promise.all([...open].map((subscription) => subscription.close()));
      await Promise.all([wsTransport?.dispose(), sseTransport?.dispose()]);
      wsTransport = undefined;
      sseTransport = undefined;
    },
  };
}

/** The `cursor` of a subscription result's root field (`{ caseFeed: { cursor } }`), if it selects one. */
function cursorOf(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  for (const value of Object.values(data)) {
    const cursor = (value as { cursor?: unknown } | null)?.cursor;
    if (typeof cursor === 'string') return cursor;
  }
  return undefined;
}

/** A push queue read as an async iterator whose `return()` ends it at once, even while a read waits. */
function createLiveQueue<T>() {
  const buffer: T[] = [];
  const readers: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void }[] = [];
  let done = false;
  let failure: unknown;
  const settle = () => {
    while (readers.length && (buffer.length || done)) {
      const reader = readers.shift()!;
      if (buffer.length) reader.resolve({ value: buffer.shift()!, done: false });
      else if (failure !== undefined) {
        reader.reject(failure);
        failure = undefined;
      } else reader.resolve({ value: undefined, done: true });
    }
  };
  return {
    push(value: T) {
      if (done) return;
      buffer.push(value);
      settle();
    },
    end() {
      done = true;
      settle();
    },
    fail(error: unknown) {
      if (done) return;
      failure = error;
      done = true;
      settle();
    },
    iterator(close: () => Promise<void>): AsyncIterableIterator<T> {
      const iterator: AsyncIterableIterator<T> = {
        next: () =>
          new Promise<IteratorResult<T>>((resolve, reject) => {
            readers.push({ resolve, reject });
            settle();
          }),
        return: async () => {
          buffer.length = 0;
          await close();
          return { value: undefined, done: true };
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
  };
}
