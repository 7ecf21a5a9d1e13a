import { request } from 'node:http';
import { createPlatform, type PlatformInstance, signStaffToken } from '@mediation/api';
import { createLogger, type Database } from '@mediation/core';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../support/template.js';
import { testJwtSecret } from '../support/test-api.js';
import { openTestDatabase } from '../support/test-database.js';

/*
 * The development GraphiQL opens signed in as the demo admin: that page must reach this machine's
 * browser only. Every Host that is not a loopback name, and every foreign Origin, gets the page
 * without the token (DNS rebinding, a web page the developer visits); tokens without an expiry are
 * refused however they are signed.
 */
let db: Database;
let platform: PlatformInstance;
let port: number;
let demoToken: string;

beforeAll(async () => {
  db = await openTestDatabase();
  demoToken = await signStaffToken({ jwtSecret: testJwtSecret }, 'admin', { expiresIn: '1h' });
  platform = createPlatform({
    config: { graphiql: true, introspection: true, nodeEnv: 'development', jwtSecret: testJwtSecret },
    db,
    logger: createLogger({ level: 'silent' }),
    now: () => testNow,
    graphiqlHeaders: { Authorization: `Bearer ${demoToken}` },
  });
  port = Number(new URL(await platform.start(0, '127.0.0.1')).port);
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

/** GET /graphql as a browser asks for GraphiQL, with exactly these Host and Origin headers. */
function page(
  host: string,
  origin?: string,
): Promise<{ status: number; body: string; cors: string | undefined; credentials: string | undefined }> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        headers: { host, accept: 'text/html', ...(origin ? { origin } : {}) },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            cors: response.headers['access-control-allow-origin'] as string | undefined,
            credentials: response.headers['access-control-allow-credentials'] as string | undefined,
          }),
        );
      },
    );
    call.on('error', reject);
    call.end();
  });
}

describe('the development GraphiQL', () => {
  it('is signed in for this machine only: loopback Host, and no Origin or a loopback one', async () => {
    const local = [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost'];
    for (const host of local) {
      const answer = await page(host);
      expect(answer.status, host).toBe(200);
      expect(answer.body, host).toContain(demoToken);
    }
    expect((await page(`localhost:${port}`, `http://localhost:${port}`)).body).toContain(demoToken);

    const foreignHosts = [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1.nip.io',
      'localhost.evil.example',
      `192.168.1.20:${port}`,
      '0.0.0.0',
    ];
    const foreignOrigins = ['http://evil.example', 'https://localhost.evil.example', 'null'];
    for (const host of foreignHosts) {
      const answer = await page(host);
      expect(answer.status, host).toBe(200);
      expect(answer.body, host).toContain('<html');
      expect(answer.body, host).not.toContain(demoToken);
    }
    for (const origin of foreignOrigins) {
      const answer = await page(`localhost:${port}`, origin);
      expect(answer.body, origin).not.toContain(demoToken);
      // Development answers any origin, but never with credentials.
      expect(answer.credentials, origin).not.toBe('true');
    }
  });

  it('refuses a correctly signed token without an expiry, over HTTP and SSE alike', async () => {
    const forever = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin')
      .setIssuer('people-mediation')
      .setAudience('people-mediation-api')
      .setIssuedAt()
      .sign(new TextEncoder().encode(testJwtSecret));
    for (const accept of ['application/graphql-response+json', 'text/event-stream']) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${forever}` },
        body: JSON.stringify({ query: '{ viewer { username } }' }),
      });
      expect(response.status, accept).toBe(401);
    }
    const withExpiry = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${demoToken}` },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    });
    expect(
      ((await withExpiry.json()) as { data: { viewer: { username: string } } }).data.viewer.username,
    ).toBe('admin');
  });
});
