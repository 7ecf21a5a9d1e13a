import {
  createPlatformRuntime,
  type DeliveryUpdate,
  type PlatformRuntime,
  signWebhook,
} from '@mediation/adapters';
import { examplePartnerAdapter } from '@mediation/adapters/testing';
import { buildApp, createPlatformPubSub } from '@mediation/api';
import { createCaseEventTimeline, createLogger, type Database, systemActor } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver } from '../../packages/adapters/tests/support/http-receiver.js';
import { connectWs, eventually, subscribeWs } from '../support/subscription-clients.js';
import { testNow } from '../support/template.js';
import { testJwtSecret } from '../support/test-api.js';
import { openTestDatabase } from '../support/test-database.js';

const secret = `whsec_${Buffer.from('admin-api-test-secret-of-32-bytes-or-more').toString('base64')}`;
const logger = createLogger({ level: 'silent' });
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const deliveryUpdates = `subscription($adapterId: String) { deliveryUpdates(adapterId: $adapterId) {
  deliveryId adapterId deliveryKey caseId status attempts lastError nextAttemptAt } }`;

let db: Database;
let app: ReturnType<typeof buildApp>;
let url: string;
let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;
let runtime: PlatformRuntime;
/** Every status change the runtime's dispatcher made, in order. */
const updates: DeliveryUpdate[] = [];

async function graphql(query: string, variables: Record<string, unknown> = {}, as = 'admin') {
  const token = await app.authenticator.issueToken(as, { expiresIn: '1h' });
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as Promise<{
    data?: any;
    errors?: { message: string; extensions?: { code?: string } }[];
  }>;
}

beforeAll(async () => {
  db = await openTestDatabase();
  receiver = await startHttpReceiver();
  const pubsub = createPlatformPubSub({ logger, timeline: createCaseEventTimeline(db.prisma) });
  // The platform's composition with a dispatcher stepped by the test, and its updates recorded.
  runtime = createPlatformRuntime({
    prisma: db.prisma,
    logger,
    adapters: [examplePartnerAdapter],
    adapterSettings: {
      example: {
        enabled: true,
        url: `${receiver.url}/hook`,
        signingSecret: secret,
        webhookSecrets: secret,
        delivery: { maxAttempts: 1 },
      },
    },
    dispatch: 'manual',
    live: {
      caseEvents: (notices) => pubsub.caseEvents.publish(notices),
      deliveryUpdate: (update) => {
        updates.push(update);
        pubsub.deliveryUpdates.publish(update);
      },
    },
  });
  app = buildApp({
    config: {
      graphiql: false,
      introspection: true,
      nodeEnv: 'test',
      jwtSecret: testJwtSecret,
      rateLimitPoints: 100_000,
    },
    db,
    logger,
    now: () => testNow,
    runtime,
    pubsub,
    // Credentials and roles are re-checked this often on open subscriptions (a demotion test below).
    authRecheckMs: 200,
    principalCacheMs: 0,
  });
  url = await app.start(0, '127.0.0.1');
});
afterAll(async () => {
  await runtime?.stop();
  await app?.stop();
  await receiver?.close();
  await db?.close();
});

describe('adapters in the API', () => {
  let caseId: number;

  it('mounts signed webhooks at POST /adapters/<id>/webhook', async () => {
    const signed = signWebhook(
      secret,
      JSON.stringify({
        referralId: 'admin-api-1',
        title: '劳务费纠纷',
        facts: '务工人员称工程完工后尚有三个月工资未结清。',
        category: 'LABOR_WAGES',
        regionCode: '330106001001',
        applicant: { name: '赵六' },
      }),
    );
    const response = await app.yoga.fetch('http://localhost/adapters/example/webhook', {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { caseNumber: string; caseId: string; duplicate: boolean };
    expect(body.duplicate).toBe(false);
    expect(Buffer.from(body.caseId, 'base64').toString()).toMatch(/^Case:\d+$/);
    caseId = (await db.prisma.case.findUniqueOrThrow({ where: { number: body.caseNumber } })).id;

    const unsigned = await app.yoga.fetch('http://localhost/adapters/example/webhook', {
      method: 'POST',
      body: signed.body,
    });
    expect(unsigned.status).toBe(401);
    const get = await app.yoga.fetch('http://localhost/adapters/example/webhook');
    expect(get.status).toBe(405);
    // Unknown, disabled (sms takes none) or malformed adapter paths: the same JSON 404.
    for (const path of ['/adapters/nope/webhook', '/adapters/sms/webhook', '/adapters/Example/webhook']) {
      const missing = await app.yoga.fetch(`http://localhost${path}`, { method: 'POST', body: '{}' });
      expect(missing.status, path).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'UNKNOWN_ADAPTER' } });
    }
  });

  it('lists adapters without secrets, shows deliveries, replays a dead letter, and streams the updates to admins', async () => {
    const admin = connectWs(url, {
      authorization: `Bearer ${await app.authenticator.issueToken('admin', { expiresIn: '1h' })}`,
    });
    const live = subscribeWs(admin, deliveryUpdates, { adapterId: 'example' });
    const otherAdapter = subscribeWs(admin, deliveryUpdates, { adapterId: 'sms' });
    await eventually(() => app.deliveryUpdates.activeSubscriptions(), 2);

    // An accepted referral is fed back to the example partner through the outbox.
    await runtime.workflow.accept(systemActor('test'), caseId, { version: 1 });
    const { dispatcher } = runtime;
    receiver.failNext(500);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ dead: 1 });

    const listed = await graphql(`{
      adapters { id kind enabled inbound outboundEvents config { key value } counts { pending delivered dead } }
      deliveries(filter: { adapterId: "example", status: DEAD }) {
        totalCount
        nodes { id status attempts deliveryKey lastError event { type } }
      }
    }`);
    expect(listed.errors).toBeUndefined();
    const example = listed.data.adapters.find((a: { id: string }) => a.id === 'example');
    expect(example).toMatchObject({ enabled: true, inbound: true, counts: { dead: 1, delivered: 0 } });
    expect(JSON.stringify(example.config)).not.toContain(secret);
    expect(example.config).toContainEqual({ key: 'signingSecret', value: '"[redacted]"' });
    expect(listed.data.deliveries.totalCount).toBe(1);
    const dead = listed.data.deliveries.nodes[0];
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 1, event: { type: 'ACCEPTED' } });
    expect(dead.lastError).toContain('500');

    const replayed = await graphql(
      `mutation ($id: ID!) { replayDelivery(id: $id) { __typename ... on ReplayDeliverySuccess { delivery { status attempts event { type } } } } }`,
      { id: dead.id },
    );
    expect(replayed.data.replayDelivery).toEqual({
      __typename: 'ReplayDeliverySuccess',
      delivery: { status: 'PENDING', attempts: 0, event: { type: 'ACCEPTED' } },
    });
    const again = await graphql(`mutation ($id: ID!) { replayDelivery(id: $id) { __typename } }`, {
      id: dead.id,
    });
    expect(again.data.replayDelivery.__typename).toBe('ConflictError');

    expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 1 });
    expect(receiver.receivedKeys()).toEqual([dead.deliveryKey]);
    expect(updates.map((u) => u.status)).toEqual(['IN_FLIGHT', 'DEAD', 'IN_FLIGHT', 'DELIVERED']);

    // The subscribed admin saw every change, in order, as the dispatcher made it, and the replay.
    const streamed = await live.waitFor(5);
    const seen = (
      status: string,
      attempts: number,
      lastError: string | null,
      nextAttemptAt: string | null,
    ) => ({
      deliveryId: dead.id,
      adapterId: 'example',
      deliveryKey: dead.deliveryKey,
      caseId: globalId('Case', caseId),
      status,
      attempts,
      lastError,
      nextAttemptAt,
    });
    expect(streamed.map((r) => r.data?.deliveryUpdates)).toEqual([
      seen('IN_FLIGHT', 1, null, null),
      seen('DEAD', 1, dead.lastError, null),
      seen('PENDING', 0, dead.lastError, testNow.toISOString()),
      seen('IN_FLIGHT', 1, null, null),
      seen('DELIVERED', 1, null, null),
    ]);
    expect(otherAdapter.results).toEqual([]);
    await live.close();
    await otherAdapter.close();
    await admin.dispose();
    await eventually(() => app.activeSubscriptions(), 0);
  });

  it('is for admins only', async () => {
    const user = await db.prisma.user.findFirstOrThrow({
      where: { role: { not: 'ADMIN' } },
      select: { username: true },
    });
    const result = await graphql('{ adapters { id } }', {}, user.username);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const deliveries = await graphql('{ deliveries { totalCount } }', {}, user.username);
    expect(deliveries.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const client = connectWs(url, {
      authorization: `Bearer ${await app.authenticator.issueToken(user.username, { expiresIn: '1h' })}`,
    });
    const subscription = subscribeWs(client, deliveryUpdates);
    const [refused] = await subscription.waitFor(1);
    expect(refused!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused!.data ?? null).toBeNull();
    await subscription.ended;
    await client.dispose();
    expect(app.activeSubscriptions()).toBe(0);
  });

  it("ends an admin's delivery updates when the admin is demoted", async () => {
    const admin = await db.prisma.user.create({
      data: { username: 'admin-demoted', displayName: '临时管理员', role: 'ADMIN' },
    });
    const client = connectWs(url, {
      authorization: `Bearer ${await app.authenticator.issueToken(admin.username, { expiresIn: '1h' })}`,
    });
    const subscription = subscribeWs(client, deliveryUpdates);
    await eventually(() => app.deliveryUpdates.activeSubscriptions(), 1);
    const region = await db.prisma.region.findFirstOrThrow({ where: { level: 'COUNTY' } });
    await db.prisma.user.update({
      where: { id: admin.id },
      data: { role: 'SUPERVISOR', regionId: region.id },
    });
    const { error } = await Promise.race([
      subscription.ended,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still open after 3 s')), 3_000)),
    ]);
    const last = JSON.stringify(error ?? null) + JSON.stringify(subscription.results.at(-1) ?? null);
    expect(last).toContain('FORBIDDEN');
    await client.dispose();
    await eventually(() => app.activeSubscriptions(), 0);
  });
});
