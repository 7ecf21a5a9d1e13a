import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type App,
  ConfigError,
  createPlatform,
  loadConfig,
  type PlatformConfigInput,
  type PlatformInstance,
} from '@mediation/api';
import { createLogger } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The key function and manifest loader are not part of the package's public surface.
import {
  loadPersistedOperations,
  persistedOperationHash,
} from '../../packages/api/src/server/use-persisted-operations.js';
import { rateLimitKey } from '../../packages/api/src/server/use-rate-limit.js';
import { subscribeWs } from '../support/subscription-clients.js';
import { testNow } from '../support/template.js';
import { createTestApi, type TestApi } from '../support/test-api.js';

/**
 * DESIGN §5 "Abuse": every limit refuses with its `extensions.code`, a status below 500 and no change
 * to the database; ordinary traffic passes with the defaults a deployment gets.
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent' });
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const dataDir = mkdtempSync(join(tmpdir(), 'mediation-abuse-'));

let api: TestApi;
let gridId: string;
const platforms: PlatformInstance[] = [];

beforeAll(async () => {
  api = await createTestApi();
  const grid = await api.db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' } });
  gridId = globalId('Grid', grid.id);
});

afterAll(async () => {
  for (const platform of platforms) await platform.stop();
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Another app on the test database, configured as a deployment would be (loadConfig, no environment). */
function appWith(settings: PlatformConfigInput, options: { channelPrefix?: string } = {}): App {
  const base: PlatformConfigInput = {
    nodeEnv: 'test',
    graphiql: false,
    introspection: true,
    dataDir,
    // The deadline scan records events of its own: not what these apps are for.
    deadlineScanSeconds: 0,
  };
  const platform = createPlatform({
    config: loadConfig({}, { ...base, ...settings }),
    db: api.db,
    logger,
    now: () => testNow,
    channelPrefix: options.channelPrefix,
  });
  platforms.push(platform);
  return platform.app;
}

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: any;
    errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
  };
}

/** Any request to an app's /graphql, in-process; `ip` plays the client address Node's adapter passes. */
async function send(
  app: App,
  init: Omit<RequestInit, 'headers'> & { query?: string; ip?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const { query = '', ip, ...requestInit } = init;
  const serverContext = ip ? { req: { headers: {}, socket: { remoteAddress: ip } } } : {};
  const response = await app.yoga.fetch(`http://localhost/graphql${query}`, requestInit, serverContext);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

const json = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

function post(app: App, body: unknown, extra: { ip?: string; headers?: Record<string, string> } = {}) {
  return send(app, {
    method: 'POST',
    headers: { ...json, ...extra.headers },
    body: JSON.stringify(body),
    ip: extra.ip,
  });
}

const reportCase = (selection = '__typename') => `mutation($input: ReportCaseInput!) {
  reportCase(input: $input) { ${selection} } }`;
const newCase = () => ({
  title: '邻里噪音纠纷',
  facts: '楼上住户夜间频繁发出噪音，楼下住户多次沟通未果，请求调解。',
  category: 'NEIGHBORHOOD',
  source: 'WALK_IN',
  gridId,
  parties: [{ role: 'APPLICANT', name: '陈女士', phone: '13700137000' }],
});

async function rowCounts() {
  const p = api.db.prisma;
  const [cases, parties, events] = await Promise.all([p.case.count(), p.party.count(), p.caseEvent.count()]);
  return { cases, parties, events };
}

/** Sends a request that would report cases, and checks it was refused with `code` and changed nothing. */
async function expectRefused(
  answer: Promise<Pick<Answer, 'status' | 'body'>>,
  code: string,
  status?: number,
) {
  const before = await rowCounts();
  const { status: actual, body } = await answer;
  expect(body.errors?.map((e) => e.extensions?.code)).toContain(code);
  expect(body.data ?? null).toBeNull();
  expect(actual).toBeGreaterThanOrEqual(400);
  expect(actual).toBeLessThan(500);
  if (status) expect(actual).toBe(status);
  expect(await rowCounts()).toEqual(before);
  return body;
}

describe('query limits (defaults)', () => {
  it('lets ordinary operations through: the README query and a case report', async () => {
    const readme = await api.graphql(`{
      cases(first: 5, filter: { minRisk: HIGH }, orderBy: { field: RESOLVE_DEADLINE, direction: ASC }) {
        totalCount
        edges { node {
          id number title status category riskLevel resolveDeadline
          grid { name region { name } }
          leadMediator { name organization { name } }
          parties { name role phone }
          events(last: 3) { edges { node { type createdAt actorName } } }
        } }
      } }`);
    expect(readme.body.errors).toBeUndefined();
    expect(readme.status).toBe(200);
    expect(readme.body.data?.cases.edges.length).toBeGreaterThan(0);

    const before = await rowCounts();
    const reported = await api.graphql(
      reportCase('__typename ... on ReportCaseSuccess { case { number } }'),
      {
        input: newCase(),
      },
    );
    expect(reported.body.data?.reportCase.__typename).toBe('ReportCaseSuccess');
    expect((await rowCounts()).cases).toBe(before.cases + 1);
  });

  it('refuses a query nested deeper than 10 levels (QUERY_TOO_DEEP)', async () => {
    const deep =
      '... on ReportCaseSuccess { case { region { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } }';
    const body = await expectRefused(
      api.graphql(reportCase(deep), { input: newCase() }),
      'QUERY_TOO_DEEP',
      400,
    );
    expect(body.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded/);
  });

  it('refuses more than 15 aliases (TOO_MANY_ALIASES)', async () => {
    const aliased = Array.from({ length: 16 }, (_, i) => `r${i}: reportCase(input: $input) { __typename }`);
    await expectRefused(
      api.graphql(`mutation($input: ReportCaseInput!) { ${aliased.join(' ')} }`, { input: newCase() }),
      'TOO_MANY_ALIASES',
      400,
    );
  });

  it('refuses more than 50 directives (TOO_MANY_DIRECTIVES)', async () => {
    const directives = ' @include(if: true)'.repeat(51);
    await expectRefused(
      api.graphql(reportCase(`__typename${directives}`), { input: newCase() }),
      'TOO_MANY_DIRECTIVES',
      400,
    );
  });

  it('refuses a document of more than 1000 tokens while parsing (TOO_MANY_TOKENS)', async () => {
    await expectRefused(
      api.graphql(reportCase('__typename '.repeat(1000)), { input: newCase() }),
      'TOO_MANY_TOKENS',
      400,
    );
  });

  it('refuses an operation whose cost exceeds 10000 (QUERY_TOO_COMPLEX)', async () => {
    const pages = `... on ReportCaseSuccess { case { grid { cases(first: 100) { edges { node {
      events(first: 100) { nodes { id type } } } } } } } }`;
    const body = await expectRefused(
      api.graphql(reportCase(pages), { input: newCase() }),
      'QUERY_TOO_COMPLEX',
      400,
    );
    expect(body.errors?.[0]?.message).toMatch(/Cost limit of 10000 exceeded/);
  });

  it('costs a page size given as a variable as the largest page, and none as the default page', async () => {
    const pages = `query($n: Int) { cases(first: $n) { edges { node { number
      events(first: $n) { edges { node { id type createdAt actorName reason } } } } } } }`;
    const refused = await api.graphql(pages, { n: 2 });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.status).toBe(400);
    // The same shape with small literal pages is cheap.
    const small = await api.graphql(pages.replace('query($n: Int)', 'query').replaceAll('$n', '2'));
    expect(small.body.errors).toBeUndefined();
    // Without first/last a connection still answers a page (20 rows), and is costed so: 20 × 20 pass,
    // 20 × 100 do not.
    const unpaged = await api.graphql(`{ cases { edges { node { number events { nodes { id type } } } } } }`);
    expect(unpaged.body.errors).toBeUndefined();
    const unpagedInBig = await api.graphql(
      `{ cases(first: 100) { edges { node { number events { nodes { id type createdAt actorName reason } } } } } }`,
    );
    expect(unpagedInBig.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('applies the same limits to graphql-ws operations', async () => {
    const app = appWith({});
    const url = await app.start(0, '127.0.0.1');
    const deep = `subscription { caseFeed { case { region { parent { parent { parent { parent { parent {
      parent { parent { parent { name } } } } } } } } } } } }`;
    const live = subscribeWs(url, deep);
    const { error } = await live.ended;
    await live.close();
    expect((error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });
});

describe('request limits', () => {
  it('keeps JSON-array batching off by default: a batch is refused cleanly (400 BAD_REQUEST)', async () => {
    const operation = { query: reportCase(), variables: { input: newCase() } };
    await expectRefused(post(appWith({}), [operation, operation]), 'BAD_REQUEST', 400);
  });

  it('caps a batch at BATCH_LIMIT operations when batching is on (413 beyond it)', async () => {
    const app = appWith({ batchLimit: 2 });
    const ok = await post(app, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const operation = { query: reportCase(), variables: { input: newCase() } };
    await expectRefused(post(app, [operation, operation, operation]), 'BAD_REQUEST', 413);
  });

  it('refuses a body over MAX_BODY_BYTES, with or without Content-Length (413 REQUEST_ENTITY_TOO_LARGE)', async () => {
    const app = appWith({ maxBodyBytes: 64 * 1024 });
    const input = { ...newCase(), facts: '纠纷'.repeat(20_000) };
    const body = JSON.stringify({ query: reportCase(), variables: { input } });
    await expectRefused(post(app, JSON.parse(body)), 'REQUEST_ENTITY_TOO_LARGE', 413);
    // Chunked: no Content-Length, so the limit counts bytes while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(body);
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    await expectRefused(
      send(app, { method: 'POST', headers: json, body: stream, duplex: 'half' } as Parameters<
        typeof send
      >[1]),
      'REQUEST_ENTITY_TOO_LARGE',
      413,
    );
  });

  it('answers malformed GET variables or extensions with 400 BAD_REQUEST, not an unexpected error', async () => {
    for (const param of ['variables', 'extensions']) {
      const answer = await send(appWith({}), {
        query: `?query=%7B__typename%7D&${param}=%27+OR+1%3D1+--`,
        headers: { accept: 'application/json', 'x-graphql-csrf': '1' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    }
  });
});

describe('rate limit', () => {
  it('keys on the principal: user, API key, else client address', () => {
    const request = (headers: Record<string, string> = {}, ip?: string) => ({
      headers: new Headers(headers),
      ip,
    });
    const user = { kind: 'user', userId: 7 } as never;
    const integration = { kind: 'integration', apiKeyId: 3 } as never;
    expect(rateLimitKey(request({}, '10.0.0.1'), { principal: user })).toBe('user:7');
    expect(rateLimitKey(request({}, '10.0.0.1'), { principal: integration })).toBe('api-key:3');
    expect(
      rateLimitKey(request({ authorization: 'Bearer x' }, '10.0.0.1'), { principal: { kind: 'anonymous' } }),
    ).toBe('ip:10.0.0.1');
    // Without a principal on the context, credentials are told apart by a hash, never stored as sent.
    const hashed = rateLimitKey(request({ 'x-api-key': 'secret-key' }, '10.0.0.1'), {});
    expect(hashed).toMatch(/^credential:[0-9a-f]{32}$/);
    expect(hashed).not.toContain('secret-key');
  });

  it('trips after N operations for one caller (429, Retry-After, RATE_LIMITED), not for another', async () => {
    const app = appWith({ rateLimitPoints: 3, rateLimitSeconds: 60 });
    for (let i = 0; i < 3; i++) {
      const ok = await post(app, { query: '{ __typename }' }, { ip: '198.51.100.1' });
      expect(ok.status).toBe(200);
    }
    const body = await expectRefused(
      post(app, { query: reportCase(), variables: { input: newCase() } }, { ip: '198.51.100.1' }).then(
        async (answer) => {
          expect(answer.status).toBe(429);
          const retryAfter = Number(answer.headers.get('retry-after'));
          expect(retryAfter).toBeGreaterThanOrEqual(1);
          expect(retryAfter).toBeLessThanOrEqual(60);
          return answer;
        },
      ),
      'RATE_LIMITED',
      429,
    );
    expect(body.errors?.[0]?.extensions?.http).toBeUndefined();
    const other = await post(app, { query: '{ __typename }' }, { ip: '198.51.100.2' });
    expect(other.status).toBe(200);
    expect(other.body.data).toEqual({ __typename: 'Query' });
  });

  it('counts across instances sharing Redis', async () => {
    const channelPrefix = `mediation-test-${randomBytes(6).toString('hex')}:`;
    const settings = { rateLimitPoints: 4, rateLimitSeconds: 60, redisUrl };
    const a = appWith(settings, { channelPrefix });
    const b = appWith(settings, { channelPrefix });
    for (const app of [a, b, a, b]) {
      const ok = await post(app, { query: '{ __typename }' }, { ip: '203.0.113.9' });
      expect(ok.status).toBe(200);
    }
    for (const app of [a, b]) {
      await expectRefused(
        post(app, { query: reportCase(), variables: { input: newCase() } }, { ip: '203.0.113.9' }),
        'RATE_LIMITED',
        429,
      );
    }
    const other = await post(b, { query: '{ __typename }' }, { ip: '203.0.113.10' });
    expect(other.status).toBe(200);
    // A third instance with another prefix (another deployment) counts on its own.
    const elsewhere = appWith(settings, { channelPrefix: `${channelPrefix}other:` });
    expect((await post(elsewhere, { query: '{ __typename }' }, { ip: '203.0.113.9' })).status).toBe(200);
  });
});

describe('persisted operations', () => {
  const registered = 'query Typename { __typename }';
  const hash = persistedOperationHash(registered);
  let manifest: string;
  beforeAll(() => {
    manifest = join(dataDir, 'persisted-operations.json');
    writeFileSync(manifest, JSON.stringify({ [hash]: registered }));
  });
  const byHash = (sha256Hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });

  it('in only mode serves a registered hash and refuses anything else', async () => {
    const app = appWith({ persistedOperationsFile: manifest, persistedOperationsOnly: true });
    const ok = await post(app, byHash(hash));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: { __typename: 'Query' } });
    // Also as a GET (with the CSRF header a browser app sends).
    const get = await send(app, {
      query: `?extensions=${encodeURIComponent(JSON.stringify(byHash(hash).extensions))}`,
      headers: { accept: 'application/graphql-response+json', 'x-graphql-csrf': '1' },
    });
    expect(get.body).toEqual({ data: { __typename: 'Query' } });

    await expectRefused(
      post(app, { query: reportCase(), variables: { input: newCase() } }),
      'PERSISTED_QUERY_ONLY',
      403,
    );
    await expectRefused(
      post(app, byHash(persistedOperationHash(reportCase()))),
      'PERSISTED_QUERY_NOT_FOUND',
      404,
    );
    await expectRefused(post(app, { query: registered }), 'PERSISTED_QUERY_ONLY', 403);
  });

  it('in only mode accepts over graphql-ws only the registered documents', async () => {
    const app = appWith({ persistedOperationsFile: manifest, persistedOperationsOnly: true });
    const url = await app.start(0, '127.0.0.1');
    const refused = subscribeWs(url, '{ __typename }');
    const { error } = await refused.ended;
    expect((error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    const served = subscribeWs(url, registered);
    expect(await served.waitFor(1)).toEqual([{ data: { __typename: 'Query' } }]);
    await served.close();
  });

  it('without only mode serves registered hashes and arbitrary documents', async () => {
    const app = appWith({ persistedOperationsFile: manifest });
    expect((await post(app, byHash(hash))).body).toEqual({ data: { __typename: 'Query' } });
    expect((await post(app, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses to start on a bad manifest or on only mode without one, saying what to set', () => {
    const bad = join(dataDir, 'bad-manifest.json');
    writeFileSync(bad, JSON.stringify({ [hash]: '{ __typename }' }));
    expect(() => loadPersistedOperations(bad)).toThrow(ConfigError);
    expect(() => loadPersistedOperations(bad)).toThrow(
      /PERSISTED_OPERATIONS_FILE: entry [0-9a-f]{64} is not the sha256/,
    );
    expect(() => appWith({ persistedOperationsFile: join(dataDir, 'missing.json') })).toThrow(
      /PERSISTED_OPERATIONS_FILE/,
    );
    expect(() => loadConfig({ PERSISTED_OPERATIONS_ONLY: 'true' })).toThrow(
      /PERSISTED_OPERATIONS_ONLY: .*PERSISTED_OPERATIONS_FILE/,
    );
    const apollo = join(dataDir, 'apollo-manifest.json');
    writeFileSync(
      apollo,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: hash, body: registered }],
      }),
    );
    expect([...loadPersistedOperations(apollo).keys()]).toEqual([hash]);
  });
});

describe('CSRF prevention', () => {
  it('refuses a simple GET or form POST without the header (403 CSRF_HEADER_REQUIRED)', async () => {
    const app = appWith({});
    const get = await send(app, {
      query: '?query=%7B__typename%7D',
      headers: { accept: 'application/json' },
    });
    expect(get.status).toBe(403);
    expect(get.body.errors?.[0]?.extensions?.code).toBe('CSRF_HEADER_REQUIRED');

    const form = new URLSearchParams({
      query: reportCase(),
      variables: JSON.stringify({ input: newCase() }),
    });
    await expectRefused(
      send(app, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      }),
      'CSRF_HEADER_REQUIRED',
      403,
    );
    await expectRefused(
      send(app, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', accept: 'application/json' },
        body: JSON.stringify({ query: reportCase(), variables: { input: newCase() } }),
      }),
      'CSRF_HEADER_REQUIRED',
      403,
    );
  });

  it('serves a GET with x-graphql-csrf and a JSON POST', async () => {
    const app = appWith({});
    const get = await send(app, {
      query: '?query=%7B__typename%7D',
      headers: { accept: 'application/json', 'x-graphql-csrf': '1' },
    });
    expect(get.status).toBe(200);
    expect(get.body).toEqual({ data: { __typename: 'Query' } });
    expect((await post(app, { query: '{ __typename }' })).status).toBe(200);
  });
});

describe('CORS', () => {
  const preflight = (app: App, origin: string) =>
    app.yoga.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('answers an allowed origin and not a foreign one', async () => {
    const app = appWith({ corsOrigins: 'https://app.example.org, https://ops.example.org' });
    const allowed = await post(
      app,
      { query: '{ __typename }' },
      { headers: { origin: 'https://ops.example.org' } },
    );
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example.org');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    const foreign = await post(
      app,
      { query: '{ __typename }' },
      { headers: { origin: 'https://evil.example.com' } },
    );
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const ok = await preflight(app, 'https://app.example.org');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    const refused = await preflight(app, 'https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no origin in production unless CORS_ORIGINS lists it, and any origin in development', async () => {
    const production = appWith({
      nodeEnv: 'production',
      introspection: false,
      ...({ jwtSecret: 'a-production-secret-of-at-least-32-characters' } as object),
    });
    const answer = await post(
      production,
      { query: '{ __typename }' },
      { headers: { origin: 'https://app.example.org' } },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();

    const development = appWith({ nodeEnv: 'development' });
    const dev = await post(
      development,
      { query: '{ __typename }' },
      { headers: { origin: 'http://localhost:5173' } },
    );
    expect(dev.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('rejects a malformed CORS_ORIGINS at start', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.org/path' })).toThrow(
      /CORS_ORIGINS \(corsOrigins.0\): each origin is a scheme, host/,
    );
  });
});

describe('field suggestions', () => {
  it('are hidden when introspection is off', async () => {
    const production = appWith({
      nodeEnv: 'production',
      introspection: false,
      ...({ jwtSecret: 'a-production-secret-of-at-least-32-characters' } as object),
    });
    const answer = await post(production, { query: '{ case }' });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean/);
    const development = await post(appWith({}), { query: '{ case }' });
    expect(JSON.stringify(development.body)).toMatch(/Did you mean/);
  });
});
