import { createCaseWorkflow, createLogger, type Database } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/test-database.js';
import { createAdapterRegistry } from '../src/registry.js';
import { signWebhook } from '../src/runtime/webhook-signature.js';
import { createWebhookHandler, type WebhookHandler } from '../src/runtime/webhooks.js';
import { examplePartnerAdapter as exampleAdapter } from './support/example-partner.adapter.js';

const secretOf = (label: string) =>
  `whsec_${Buffer.from(`${label}-secret-of-at-least-32-bytes-long`).toString('base64')}`;
const oldSecret = secretOf('old');
const newSecret = secretOf('new');
const logger = createLogger({ level: 'silent' });

let db: Database;
let handle: WebhookHandler;
let counter = 0;

const referral = (referralId = `wh-${Date.now()}-${counter++}`) => ({
  referralId,
  title: '物业费纠纷',
  facts: '业主认为物业服务不到位，拒交物业费，双方协商未果。',
  category: 'PROPERTY_MANAGEMENT',
  regionCode: '330106001001',
  applicant: { name: '王五', phone: '13900139000' },
});

function request(body: string, headers: Record<string, string>) {
  return new Request('http://test/adapters/example/webhook', { method: 'POST', headers, body });
}

function signed(
  body: unknown,
  secrets: string | string[] = newSecret,
  options: { id?: string; timestampSeconds?: number } = {},
) {
  const s = signWebhook(secrets, JSON.stringify(body), options);
  return request(s.body, s.headers);
}

const caseCount = () => db.prisma.case.count({ where: { externalSystem: 'example' } });

beforeAll(async () => {
  db = await openTestDatabase();
  const registry = createAdapterRegistry([exampleAdapter], {
    example: {
      enabled: true,
      url: 'http://127.0.0.1:9/hook',
      signingSecret: newSecret,
      // Rotation: the new secret first, the old one still accepted.
      webhookSecrets: [newSecret, oldSecret],
    },
  });
  handle = createWebhookHandler({
    prisma: db.prisma,
    registry,
    workflow: createCaseWorkflow({ prisma: db.prisma }),
    logger,
  });
});
afterAll(async () => {
  await db?.close();
});

describe('inbound webhooks', () => {
  it('accepts a good signature and answers the new case number', async () => {
    const before = await caseCount();
    const response = await handle('example', signed(referral()));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ duplicate: false, caseNumber: expect.stringMatching(/^330106-/) });
    expect(await caseCount()).toBe(before + 1);
    const kase = await db.prisma.case.findUniqueOrThrow({
      where: { number: String(response.body.caseNumber) },
      include: { events: true },
    });
    expect(kase.events[0]).toMatchObject({ type: 'REPORTED', actorLabel: 'adapter:example' });
  });

  it('rejects a missing signature with 401 and changes nothing', async () => {
    const before = await caseCount();
    const response = await handle(
      'example',
      request(JSON.stringify(referral()), { 'content-type': 'application/json' }),
    );
    expect(response).toMatchObject({ status: 401, body: { error: { reason: 'missing' } } });
    expect(await caseCount()).toBe(before);
  });

  it('rejects a bad signature (unknown secret, or a body changed after signing)', async () => {
    const before = await caseCount();
    const wrong = await handle('example', signed(referral(), secretOf('attacker')));
    expect(wrong).toMatchObject({ status: 401, body: { error: { reason: 'bad-signature' } } });
    const s = signWebhook(newSecret, JSON.stringify(referral()));
    const tampered = await handle('example', request(s.body.replace('物业费', '违约金'), s.headers));
    expect(tampered).toMatchObject({ status: 401, body: { error: { reason: 'bad-signature' } } });
    expect(await caseCount()).toBe(before);
  });

  it('rejects an expired (or future) timestamp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = await handle('example', signed(referral(), newSecret, { timestampSeconds: now - 6 * 60 }));
    expect(old).toMatchObject({ status: 401, body: { error: { reason: 'expired' } } });
    const future = await handle('example', signed(referral(), newSecret, { timestampSeconds: now + 6 * 60 }));
    expect(future).toMatchObject({ status: 401, body: { error: { reason: 'expired' } } });
  });

  it('rejects a replayed webhook id', async () => {
    const body = JSON.stringify(referral());
    const s = signWebhook(newSecret, body, { id: 'msg_replay_1' });
    expect((await handle('example', request(s.body, s.headers))).status).toBe(200);
    const replay = await handle('example', request(s.body, s.headers));
    expect(replay).toMatchObject({ status: 401, body: { error: { reason: 'replayed' } } });
  });

  it('answers a repeated referral (a new delivery of the same external id) with the same case', async () => {
    const body = referral('wh-dup-1');
    const first = await handle('example', signed(body));
    const before = await caseCount();
    const second = await handle('example', signed(body));
    expect(second).toEqual({ status: 200, body: { ...first.body, duplicate: true } });
    expect(await caseCount()).toBe(before);
    // Concurrent repeats too: one case, one answer.
    const racing = await Promise.all([1, 2, 3].map(() => handle('example', signed(referral('wh-dup-2')))));
    expect(new Set(racing.map((r) => r.body.caseNumber)).size).toBe(1);
    expect(racing.every((r) => r.status === 200)).toBe(true);
  });

  it('accepts every active secret while rotating, and several signatures in one header', async () => {
    expect((await handle('example', signed(referral(), oldSecret))).status).toBe(200);
    expect((await handle('example', signed(referral(), [secretOf('retired'), newSecret]))).status).toBe(200);
  });

  it('answers 400 for a malformed body and for an invalid referral, after a valid signature', async () => {
    const notJson = signWebhook(newSecret, '{not json');
    expect((await handle('example', request(notJson.body, notJson.headers))).status).toBe(400);
    const wrongShape = await handle('example', signed({ referralId: 1 }));
    expect(wrongShape).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_BODY' } } });
    const badCategory = await handle('example', signed({ ...referral(), category: 'NOPE' }));
    expect(badCategory).toMatchObject({ status: 400, body: { error: { code: 'INVALID_REFERRAL' } } });
    const unknownRegion = await handle('example', signed({ ...referral(), regionCode: '999999999999' }));
    expect(unknownRegion.status).toBe(422);
  });

  it('stops reading a body without a length at the limit (413), before checking anything else', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const before = await caseCount();
    const response = await handle(
      'example',
      new Request('http://test/adapters/example/webhook', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } });
    // The default limit is 1 MiB: a few chunks past it at most were read, not the endless rest.
    expect(pulled).toBeLessThan(2 * 1_048_576);
    expect(await caseCount()).toBe(before);
  });

  it('answers 400, not 500, for text with control characters, bidi overrides or nothing visible', async () => {
    const before = await caseCount();
    for (const hostile of [
      { title: 'abc\u0000def' },
      { title: '\u202e\u0007\u001b[31mred' },
      { title: '\u200b\u200b\u200b' },
      { applicant: { name: '王\u0000五' } },
      { referralId: 'XF-\u0000-1' },
      { facts: '有一段\ud800残缺的文字' },
    ]) {
      const response = await handle('example', signed({ ...referral(), ...hostile }));
      expect(response, JSON.stringify(hostile)).toMatchObject({
        status: 400,
        body: { error: { code: 'INVALID_REFERRAL' } },
      });
    }
    expect(await caseCount()).toBe(before);
    // Line breaks in the facts are ordinary text.
    const multiline = await handle('example', signed({ ...referral(), facts: '第一段。\n第二段：\t详情。' }));
    expect(multiline.status).toBe(200);
  });

  it('answers 404 for an unknown adapter', async () => {
    expect((await handle('nope', signed(referral()))).status).toBe(404);
  });
});
