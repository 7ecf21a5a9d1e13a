import { builtInAdapters, signWebhook } from '@mediation/adapters';
import { examplePartnerAdapter } from '@mediation/adapters/testing';
import { type App, createPlatform, type PlatformInstance, signStaffToken } from '@mediation/api';
import { createLogger, type Database } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../support/template.js';
import { testJwtSecret } from '../support/test-api.js';
import { openTestDatabase } from '../support/test-database.js';

/**
 * While the database is unreachable every answer is a typed, retryable refusal: HTTP 503 with
 * `Retry-After` and `extensions.code` SERVICE_UNAVAILABLE (webhooks: a JSON 503), never a masked
 * INTERNAL_SERVER_ERROR; a client cannot mistake it for a failure of its request.
 */
const webhookSecret = `whsec_${Buffer.from('database-unavailable-test-secret-32b').toString('base64')}`;
let db: Database;
let app: App;
let platform: PlatformInstance;

beforeAll(async () => {
  db = await openTestDatabase();
  platform = createPlatform({
    adapters: [...builtInAdapters, examplePartnerAdapter],
    // Nothing is delivered here: the test is about answers while the database is gone.
    dispatch: 'manual',
    config: {
      graphiql: false,
      introspection: true,
      nodeEnv: 'test',
      jwtSecret: testJwtSecret,
      rateLimitPoints: 100_000,
      adapters: {
        example: {
          enabled: true,
          url: 'http://127.0.0.1:9/hook',
          signingSecret: webhookSecret,
          webhookSecrets: webhookSecret,
        },
      },
    },
    db,
    logger: createLogger({ level: 'silent' }),
    now: () => testNow,
  });
  app = platform.app;
});
afterAll(async () => {
  await platform?.stop();
});

async function post(query: string, token: string, headers: Record<string, string> = {}) {
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return { response, body: (await response.json()) as any };
}

function expectRetryable({ response, body }: Awaited<ReturnType<typeof post>>) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  expect(body.errors.length).toBeGreaterThan(0);
  for (const error of body.errors) {
    expect(error.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(error)).not.toMatch(/prisma|SELECT|pglite|pool/i);
  }
}

describe('an unreachable database', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, for queries, mutations and webhooks', async () => {
    const signedIn = await signStaffToken({ jwtSecret: testJwtSecret }, 'admin', { expiresIn: '1h' });
    const before = await post('{ cases(first: 1) { totalCount } }', signedIn);
    expect(before.response.status).toBe(200);
    expect(before.body.data.cases.totalCount).toBeGreaterThan(0);
    const grid = await db.prisma.grid.findFirstOrThrow({
      select: { id: true, region: { select: { code: true } } },
    });

    await db.close(); // what a lost database looks like to the app: every statement fails

    // a principal cached from before: the resolver's query fails
    expectRetryable(await post('{ cases(first: 1) { totalCount } }', signedIn));
    // new credentials: loading the principal fails before any resolver
    const fresh = await signStaffToken({ jwtSecret: testJwtSecret }, 'admin', { expiresIn: '2h' });
    expectRetryable(await post('{ cases(first: 1) { totalCount } }', fresh));
    // a mutation, with an idempotency key: the key cannot even be claimed, so nothing runs
    const gridId = Buffer.from(`Grid:${grid.id}`).toString('base64');
    expectRetryable(
      await post(
        `mutation { reportCase(input: { title: "停电期间登记", facts: "数据库不可用时的登记请求。", category: NEIGHBORHOOD, source: WALK_IN, gridId: "${gridId}", parties: [{ role: APPLICANT, name: "王建国" }] }) { __typename } }`,
        signedIn,
        { 'idempotency-key': 'outage-1' },
      ),
    );

    const signed = signWebhook(
      webhookSecret,
      JSON.stringify({
        referralId: 'outage-referral-1',
        title: '劳务费纠纷',
        facts: '务工人员称工程完工后尚有三个月工资未结清。',
        category: 'LABOR_WAGES',
        regionCode: grid.region.code,
        applicant: { name: '赵六' },
      }),
    );
    const webhook = await app.yoga.fetch('http://localhost/adapters/example/webhook', {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(webhook.status).toBe(503);
    expect(webhook.headers.get('retry-after')).toBe('1');
    expect(((await webhook.json()) as any).error.code).toBe('SERVICE_UNAVAILABLE');

    expect((await app.yoga.fetch('http://localhost/readyz')).status).toBe(503);
  });
});
