import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The faults a simulator injects, changeable while it runs (`sim.knobs.failRate = 0.3`). Each call
 * is decided on its own: time out, else fail, else answer (after `delayMs`).
 */
export interface SimulatorKnobs {
  /** Share of calls (0–1) answered 500 or 503 without recording anything. @default 0 */
  failRate: number;
  /** The first N calls of every idempotency key fail (a deterministic `failRate` for tests). @default 0 */
  failFirst: number;
  /** The next N calls fail, whatever their key; counts down. @default 0 */
  failNextCalls: number;
  /**
   * Share of calls (0–1) that are recorded but never answered, as when the receiver took the
   * message and the answer was lost: the sender must time out, retry, and rely on the key. @default 0
   */
  timeoutRate: number;
  /** Milliseconds to wait before answering each call. @default 0 */
  delayMs: number;
  /** Extra copies of every referral this simulator sends (a system that sends twice). @default 0 */
  duplicates: number;
}

export const defaultKnobs: SimulatorKnobs = {
  failRate: 0,
  failFirst: 0,
  failNextCalls: 0,
  timeoutRate: 0,
  delayMs: 0,
  duplicates: 0,
};

/** A message the simulated system accepted: the first copy of each idempotency key. */
export interface ReceivedMessage {
  /** The idempotency key the sender gave (header `Idempotency-Key`, or a vendor field). */
  key: string;
  /** e.g. `POST /api/feedback` */
  route: string;
  body: unknown;
  headers: Record<string, string>;
  receivedAt: Date;
}

/** How every call went, duplicates and injected faults included. */
export interface CallLog {
  key: string | null;
  route: string;
  outcome: 'recorded' | 'duplicate' | 'failed' | 'timed-out' | 'rejected' | 'replied';
  status: number | null;
  at: Date;
}

export interface SimulatorOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  knobs?: Partial<SimulatorKnobs>;
  /** For reproducible fault patterns. @default Math.random */
  random?: () => number;
  /** Called with each message the first time it is recorded (e.g. to log it in the demo). */
  onReceive?: (message: ReceivedMessage) => void;
}

/** What a route handler decides about one parsed call. */
export type RouteAnswer =
  /** `record` replaces the parsed JSON body as what is kept (e.g. a form's parameters). */
  | { kind: 'accept'; key: string; record?: unknown }
  /** Answered as is, outside the fault knobs and the record: refusals, health probes. */
  | { kind: 'reply'; status: number; body: unknown };

export interface SimulatorRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Reads the call: which key it carries (or why it is refused, e.g. a bad vendor signature). */
  handle(call: { url: URL; body: unknown; rawBody: string; headers: Record<string, string> }): RouteAnswer;
  /** The answer to an accepted call (first copy or duplicate): the simulated system's response body. */
  answer?(message: ReceivedMessage, duplicate: boolean): unknown;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** One entry per idempotency key, in arrival order. */
  received: ReceivedMessage[];
  /** Every call, in arrival order. */
  calls: CallLog[];
  knobs: SimulatorKnobs;
  /** Messages received under a key (exactly 1 when deduplication worked). */
  receivedFor(key: string): ReceivedMessage | undefined;
  stop(): Promise<void>;
}

/** Reads a header the way `node:http` lower-cases it. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  return headers[name.toLowerCase()];
}

/** Starts a small HTTP server that behaves like an external system, with fault knobs. */
export async function startSimulatorServer(
  routes: readonly SimulatorRoute[],
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const knobs: SimulatorKnobs = { ...defaultKnobs, ...options.knobs };
  const random = options.random ?? Math.random;
  const received: ReceivedMessage[] = [];
  const byKey = new Map<string, ReceivedMessage>();
  const attemptsByKey = new Map<string, number>();
  const calls: CallLog[] = [];
  const held = new Set<ServerResponse>();

  const log = (entry: Omit<CallLog, 'at'>) => calls.push({ ...entry, at: new Date() });

  async function onRequest(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const route = routes.find((r) => r.method === request.method && r.path === url.pathname);
    const routeName = `${request.method} ${url.pathname}`;
    const rawBody = await readBody(request);
    if (!route) {
      log({ key: null, route: routeName, outcome: 'rejected', status: 404 });
      return send(response, 404, { error: `no route ${routeName}` });
    }
    const headers = flatHeaders(request);
    let body: unknown = null;
    if (rawBody.length && (headers['content-type'] ?? 'application/json').includes('json')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        log({ key: null, route: routeName, outcome: 'rejected', status: 400 });
        return send(response, 400, { error: 'body is not JSON' });
      }
    }
    const decision = route.handle({ url, body, rawBody, headers });
    if (decision.kind === 'reply') {
      log({
        key: null,
        route: routeName,
        outcome: decision.status >= 400 ? 'rejected' : 'replied',
        status: decision.status,
      });
      return send(response, decision.status, decision.body);
    }

    const { key } = decision;
    const attempt = (attemptsByKey.get(key) ?? 0) + 1;
    attemptsByKey.set(key, attempt);

    const failNow = knobs.failNextCalls > 0;
    if (failNow) knobs.failNextCalls--;
    if (failNow || attempt <= knobs.failFirst || random() < knobs.failRate) {
      const status = random() < 0.5 ? 500 : 503;
      log({ key, route: routeName, outcome: 'failed', status });
      return later(knobs.delayMs, () => send(response, status, { error: 'simulated failure' }));
    }

    const duplicate = byKey.has(key);
    const message = byKey.get(key) ?? {
      key,
      route: routeName,
      body: decision.record ?? body,
      headers,
      receivedAt: new Date(),
    };
    if (!duplicate) {
      byKey.set(key, message);
      received.push(message);
      options.onReceive?.(message);
    }

    if (random() < knobs.timeoutRate) {
      // Taken but never answered: the connection stays open until the sender gives up or we stop.
      log({ key, route: routeName, outcome: 'timed-out', status: null });
      held.add(response);
      response.on('close', () => held.delete(response));
      return;
    }
    const status = 200;
    log({ key, route: routeName, outcome: duplicate ? 'duplicate' : 'recorded', status });
    const answer = route.answer?.(message, duplicate) ?? { ok: true, duplicate };
    return later(knobs.delayMs, () => send(response, status, answer));
  }

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    received,
    calls,
    knobs,
    receivedFor: (key) => byKey.get(key),
    async stop() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function later(ms: number, run: () => void): void {
  if (ms > 0) setTimeout(run, ms);
  else run();
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed || response.writableEnded) return;
  const text = JSON.stringify(body ?? null);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
