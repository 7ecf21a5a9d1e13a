import { performance } from 'node:perf_hooks';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface SubscriptionResult<T = any> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** A subscription seen from the client: what arrived, when, and how it ended. */
export interface LiveSubscription<T = any> {
  results: SubscriptionResult<T>[];
  /** `performance.timeOrigin + performance.now()` of each result: comparable across processes. */
  arrivals: number[];
  /** Resolves when the server completes the subscription or fails it. */
  ended: Promise<{ error?: unknown }>;
  /** Waits until `count` results have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<SubscriptionResult<T>[]>;
  close(): Promise<void>;
}

const wallClock = () => performance.timeOrigin + performance.now();

function liveSubscription<T>(): LiveSubscription<T> & {
  push(result: SubscriptionResult<T>): void;
  end(error?: unknown): void;
} {
  const results: SubscriptionResult<T>[] = [];
  const arrivals: number[] = [];
  const waiters = new Set<() => void>();
  let end!: (outcome: { error?: unknown }) => void;
  const ended = new Promise<{ error?: unknown }>((resolve) => {
    end = resolve;
  });
  let finished = false;
  return {
    results,
    arrivals,
    ended,
    push(result) {
      results.push(result);
      arrivals.push(wallClock());
      for (const wake of waiters) wake();
    },
    end(error) {
      finished = true;
      end({ error });
      for (const wake of waiters) wake();
    },
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (results.length >= count) {
            cleanup();
            resolve(results.slice(0, count));
          } else if (finished) {
            cleanup();
            reject(new Error(`subscription ended after ${results.length} of ${count} results`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms with ${results.length} of ${count} results`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: async () => {},
  };
}

let defaultCredentials: { authorization?: string } = {};

/** The credentials clients send when a test gives none: `{ authorization: 'Bearer …' }`. */
export function useSubscriptionCredentials(credentials: { authorization?: string }): void {
  defaultCredentials = credentials;
}

/** A graphql-ws (`graphql-transport-ws`) client on the server's /graphql. */
export function connectWs(httpUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: connectionParams ?? defaultCredentials,
    retryAttempts: 0,
    lazy: true,
    lazyCloseTimeout: 0,
  });
}

/** Subscribes over graphql-ws; `close()` completes the subscription (and disposes the client if it owns it). */
export function subscribeWs<T = any>(
  clientOrUrl: Client | string,
  query: string,
  variables?: Record<string, unknown>,
): LiveSubscription<T> {
  const owned = typeof clientOrUrl === 'string';
  const client = typeof clientOrUrl === 'string' ? connectWs(clientOrUrl) : clientOrUrl;
  const live = liveSubscription<T>();
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => live.push(result as SubscriptionResult<T>),
      error: (error) => live.end(error),
      complete: () => live.end(),
    },
  );
  live.close = async () => {
    unsubscribe();
    if (owned) await client.dispose();
  };
  return live;
}

/** Subscribes over Yoga's SSE (`Accept: text/event-stream`); `close()` aborts the request. */
export function subscribeSse<T = any>(
  httpUrl: string,
  query: string,
  variables?: Record<string, unknown>,
): LiveSubscription<T> {
  const live = liveSubscription<T>();
  const abort = new AbortController();
  void (async () => {
    try {
      const response = await fetch(httpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(defaultCredentials.authorization ? { authorization: defaultCredentials.authorization } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`SSE request failed with ${response.status}`);
      const decoder = new TextDecoder();
      let text = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        let boundary = text.indexOf('\n\n');
        while (boundary >= 0) {
          const block = text.slice(0, boundary);
          text = text.slice(boundary + 2);
          boundary = text.indexOf('\n\n');
          const lines = block.split('\n');
          const event = lines
            .find((line) => line.startsWith('event:'))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (event === 'complete') {
            live.end();
            return;
          }
          if (data) live.push(JSON.parse(data) as SubscriptionResult<T>);
        }
      }
      live.end();
    } catch (error) {
      live.end(abort.signal.aborted ? undefined : error);
    }
  })();
  live.close = async () => {
    abort.abort();
    await live.ended;
  };
  return live;
}

/** Polls until `read()` returns `expected` (or throws after `timeoutMs`). */
export async function eventually<T>(read: () => T, expected: T, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (value !== expected) {
    if (Date.now() > deadline) throw new Error(`expected ${String(expected)}, still ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = read();
  }
}
