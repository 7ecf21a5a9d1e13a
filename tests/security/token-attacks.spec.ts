import { createApiKey, revokeApiKey, systemActor } from '@mediation/core';
import { serverAudits } from 'graphql-http';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../support/template.js';
import { createTestApi, type TestApi, testJwtSecret } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const query = '{ cases(first: 1) { totalCount } }';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function sign(claims: { sub?: string; iss?: string; aud?: string; exp?: number }, secret = testJwtSecret) {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (claims.sub) jwt.setSubject(claims.sub);
  jwt.setIssuer(claims.iss ?? 'people-mediation');
  jwt.setAudience(claims.aud ?? 'people-mediation-api');
  jwt.setExpirationTime(claims.exp ?? now() + 600);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function expectRefused(as: { token: string } | { apiKey: string }, message?: RegExp) {
  const before = await api.db.prisma.case.count();
  const { status, body } = await api.graphql(query, {}, { as });
  expect(status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  if (message) expect(body.errors![0]!.message).toMatch(message);
  expect(await api.db.prisma.case.count()).toBe(before);
}

describe('staff tokens', () => {
  it('accepts a good token', async () => {
    const { status, body } = await api.graphql(query, {}, { as: { token: await sign({ sub: 'admin' }) } });
    expect(status).toBe(200);
    expect(body.data!.cases.totalCount).toBeGreaterThan(0);
  });

  it('refuses alg: none', async () => {
    const header = b64({ alg: 'none', typ: 'JWT' });
    const payload = b64({
      sub: 'admin',
      iss: 'people-mediation',
      aud: 'people-mediation-api',
      exp: now() + 600,
    });
    await expectRefused({ token: `${header}.${payload}.` });
    await expectRefused({ token: `${header}.${payload}` });
  });

  it('refuses a token signed with another key, or with the public "HS256 with a known secret" trick', async () => {
    await expectRefused({
      token: await sign({ sub: 'admin' }, 'another-secret-another-secret-another-secret'),
    });
    const header = b64({ alg: 'HS512', typ: 'JWT' });
    const payload = b64({
      sub: 'admin',
      iss: 'people-mediation',
      aud: 'people-mediation-api',
      exp: now() + 600,
    });
    await expectRefused({ token: `${header}.${payload}.c2lnbmF0dXJl` });
  });

  it('refuses an expired token and says so', async () => {
    await expectRefused({ token: await sign({ sub: 'admin', exp: now() - 60 }) }, /expired/);
  });

  it('refuses a wrong audience or issuer', async () => {
    await expectRefused({ token: await sign({ sub: 'admin', aud: 'some-other-api' }) });
    await expectRefused({ token: await sign({ sub: 'admin', iss: 'evil-idp' }) });
  });

  it('refuses a token for an unknown or deactivated user, and one without a subject', async () => {
    await expectRefused({ token: await sign({ sub: 'nobody-here' }) });
    await expectRefused({ token: await sign({}) });
    const user = await api.db.prisma.user.findFirstOrThrow({ where: { role: 'SUPERVISOR' } });
    const token = await sign({ sub: user.username });
    expect((await api.graphql(query, {}, { as: { token } })).status).toBe(200);
    await api.db.prisma.user.update({ where: { id: user.id }, data: { active: false } });
    await expectRefused({ token });
    await api.db.prisma.user.update({ where: { id: user.id }, data: { active: true } });
  });

  it('refuses garbage in the Authorization header', async () => {
    for (const authorization of [
      'Basic YWRtaW46YWRtaW4=',
      'Bearer',
      'Bearer not.a.jwt',
      'token',
      'ApiKey mdk_nope',
    ]) {
      const response = await api.app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query }),
      });
      expect(response.status, authorization).toBe(401);
    }
  });
});

describe('API keys', () => {
  it('are shown once, stored hashed, and refused when unknown, revoked or expired', async () => {
    const { apiKey, key } = await createApiKey(api.db.prisma, systemActor('test-setup'), {
      name: '法院诉调对接',
      scopes: ['cases:read'],
    });
    const stored = await api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(stored)).not.toContain(key.slice(`mdk_${stored.prefix}_`.length)); // the secret part (it may contain '_')
    expect(stored.lastUsedAt).toBeNull();

    const ok = await api.graphql(query, {}, { as: { apiKey: key } });
    expect(ok.body.data!.cases.totalCount).toBeGreaterThan(0);
    expect(
      (await api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt,
    ).not.toBeNull();

    await expectRefused({ apiKey: `${key.slice(0, -2)}xx` });
    await expectRefused({ apiKey: 'mdk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    await revokeApiKey(api.db.prisma, systemActor('test-setup'), apiKey.id);
    await expectRefused({ apiKey: key }, /revoked/);

    const soon = await createApiKey(api.db.prisma, systemActor('test-setup'), {
      name: '临时',
      scopes: ['cases:read'],
      expiresAt: new Date(Date.now() + 60_000), // creation checks the real clock
    });
    await api.db.prisma.apiKey.update({
      where: { id: soon.apiKey.id },
      data: { expiresAt: new Date(testNow.getTime() - 1000) }, // the app's clock is testNow
    });
    await expectRefused({ apiKey: soon.key });
  });

  it('can only be created and listed by admins, and the secret is returned once', async () => {
    const create = `mutation { createApiKey(input: { name: "12345热线", scopes: [REFERRALS_WRITE] }) {
      __typename ... on CreateApiKeySuccess { created { key apiKey { prefix scopes } } } } }`;
    const asSupervisor = await api.graphql(
      create,
      {},
      { as: (await api.db.prisma.user.findFirstOrThrow({ where: { role: 'SUPERVISOR' } })).username },
    );
    expect(asSupervisor.body.data!.createApiKey.__typename).toBe('ForbiddenError');
    const asAdmin = await api.graphql(create);
    const created = asAdmin.body.data!.createApiKey.created;
    expect(created.key).toMatch(new RegExp(`^mdk_${created.apiKey.prefix}_`));
    expect(created.apiKey.scopes).toEqual(['REFERRALS_WRITE']);
    const listed = await api.graphql('{ apiKeys { edges { node { prefix } } } }');
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
  });
});

describe('GraphQL over HTTP with a valid token', () => {
  it('still passes every MUST and SHOULD audit', async () => {
    const headers = await api.headersFor('admin');
    const audits = serverAudits({
      url: 'http://localhost/graphql',
      fetchFn: (input: string | URL | Request, init?: RequestInit) =>
        api.app.yoga.fetch(input as URL, {
          ...init,
          headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers },
        }),
    });
    const failures: string[] = [];
    for (const audit of audits) {
      if (audit.name.startsWith('MAY')) continue;
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });
});
