import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@mediation/core';
import * as sdk from '@mediation/sdk';
import {
  CaseFeedSubscription,
  createClient,
  documentText,
  graphql,
  type MediationClient,
  PersistedQueryNotFoundError,
  ReportCaseMutation,
  unwrap,
  ViewerQuery,
} from '@mediation/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
// @ts-expect-error: a plain .mjs build script without types
import { buildManifest } from '../../packages/sdk/scripts/manifest.mjs';
import { type RunningServer, startServer } from '../support/sdk-server.js';
import { subscribeWs, useSubscriptionCredentials } from '../support/subscription-clients.js';
import { openTestDatabase } from '../support/test-database.js';

const manifestFile = join(import.meta.dirname, '..', '..', 'packages', 'sdk', 'persisted-operations.json');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

let db: Database;
let strict: RunningServer;
let token: string;
let gridId: string;
const dir = mkdtempSync(join(tmpdir(), 'mediation-persisted-'));
const clients: MediationClient[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  strict = await startServer(db, { persistedOperationsFile: manifestFile, persistedOperationsOnly: true });
  token = await strict.tokenFor('admin');
  useSubscriptionCredentials({ authorization: `Bearer ${token}` });
  const grid = await db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
  gridId = globalId('Grid', grid.id);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await strict?.stop();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(url: string, persisted: boolean | 'only', transport: 'ws' | 'sse' = 'ws') {
  const created = createClient({
    url,
    auth: () => ({ token }),
    webSocketImpl: WebSocket,
    persisted,
    transport,
  });
  clients.push(created);
  return created;
}

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));

const newCase = (title: string) => ({
  title,
  facts: '小区物业擅自提高停车费，业主多次投诉未果，请求调解。',
  category: 'PROPERTY_MANAGEMENT' as const,
  source: 'HOTLINE' as const,
  gridId,
  parties: [{ role: 'APPLICANT' as const, name: '赵先生' }],
});

describe("the SDK's manifest", () => {
  it('is the committed one: every ready operation, keyed by the sha256 of the text the client sends', async () => {
    const committed = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
    expect(await buildManifest(sdk)).toEqual(committed);
    expect(committed[sha256(documentText(ViewerQuery))]).toBe(documentText(ViewerQuery));
    expect(Object.keys(committed).length).toBeGreaterThanOrEqual(25);
  });
});

describe('a server in persisted-only mode with the SDK manifest', () => {
  it('serves the ready operations by hash over HTTP, and refuses others', async () => {
    const only = client(strict.url, 'only');
    expect((await only.request(ViewerQuery)).viewer.username).toBe('admin');
    const created = unwrap(
      (await only.request(ReportCaseMutation, { input: newCase('停车费纠纷') })).reportCase,
    );
    expect(created.case.status).toBe('REPORTED');

    const unregistered = graphql('query Unregistered { viewer { name } }');
    await expect(only.request(unregistered)).rejects.toBeInstanceOf(PersistedQueryNotFoundError);
    // the text itself is refused too
    const asText = await post(strict.url, { query: documentText(ViewerQuery) });
    expect(asText.status).toBe(403);
    expect(asText.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
  });

  for (const transport of ['ws', 'sse'] as const) {
    it(`serves a ready subscription over ${transport}`, async () => {
      const only = client(strict.url, 'only', transport);
      const feed = only.subscribe(CaseFeedSubscription, { filter: { statuses: ['REPORTED'] } });
      const next = feed.next();
      await waitUntil(() => strict.app.activeSubscriptions() > 0);
      const created = unwrap(
        (
          await client(strict.url, 'only').request(ReportCaseMutation, {
            input: newCase(`${transport} 物业`),
          })
        ).reportCase,
      );
      expect((await next).value?.caseFeed.case.id).toBe(created.case.id);
      await feed.close();
      await waitUntil(() => strict.app.activeSubscriptions() === 0);
    });
  }

  it('accepts documentId, with or without the sha256: prefix, like urql and the client preset send it', async () => {
    const hash = sha256(documentText(ViewerQuery));
    for (const documentId of [hash, `sha256:${hash}`]) {
      const answer = await post(strict.url, { documentId, operationName: 'Viewer', variables: {} });
      expect(answer.status).toBe(200);
      expect(answer.body.data.viewer.username).toBe('admin');
    }
    const unknown = await post(strict.url, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('over graphql-ws matches a registered document whose text differs in layout, or one named by id', async () => {
    const text = documentText(ViewerQuery);
    const relaid = `# 当前登录者\n${text.replace(/\n\s*/g, '\n\n    ')}\n\n`;
    expect(sha256(relaid)).not.toBe(sha256(text));
    const served = subscribeWs(strict.url, relaid);
    const [result] = await served.waitFor(1);
    expect(result?.data?.viewer.username).toBe('admin');
    await served.close();

    const other = subscribeWs(strict.url, '{ viewer { name } }');
    const { error } = await other.ended;
    expect((error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
  });
});

describe('other manifests and modes', () => {
  it('loads a manifest written by GraphQL Code Generator client-preset or gql.tada (sha256: keys) as written', async () => {
    const document = 'query MyRegion { viewer { region { name } } }';
    const hash = sha256(document);
    const file = join(dir, 'persisted-documents.json');
    writeFileSync(file, JSON.stringify({ [`sha256:${hash}`]: document }, null, 2));
    const preset = await startServer(db, { persistedOperationsFile: file, persistedOperationsOnly: true });
    try {
      const byDocumentId = await post(preset.url, { documentId: `sha256:${hash}` });
      expect(byDocumentId.status).toBe(200);
      expect(byDocumentId.body.data).toEqual({ viewer: { region: null } });
      const byHash = await post(preset.url, {
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      });
      expect(byHash.body.data).toEqual({ viewer: { region: null } });
    } finally {
      await preset.stop();
    }
  });

  it('with persisted: true falls back to the text where the server does not know the hash', async () => {
    const open = await startServer(db);
    try {
      const sdkClient = client(open.url, true);
      expect((await sdkClient.request(ViewerQuery)).viewer.username).toBe('admin');
      const adHoc = graphql('query AdHoc { viewer { kind } }');
      expect((await sdkClient.request(adHoc)).viewer.kind).toBe('STAFF');
    } finally {
      await open.stop();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
