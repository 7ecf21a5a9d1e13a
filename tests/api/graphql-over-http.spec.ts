import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  it('passes every MUST and SHOULD audit', async () => {
    const audits = serverAudits({
      url: 'http://localhost/graphql',
      fetchFn: (input: string | URL | Request, init?: RequestInit) =>
        api.app.yoga.fetch(input as URL, init ?? {}),
    });
    const failures: string[] = [];
    let checked = 0;
    for (const audit of audits) {
      if (audit.name.startsWith('MAY')) continue;
      checked++;
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(checked).toBeGreaterThanOrEqual(36);
    expect(failures).toEqual([]);
  });
});
