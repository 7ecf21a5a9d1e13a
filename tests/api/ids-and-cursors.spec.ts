import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe('ids and cursors a client made up', () => {
  it('answers BAD_USER_INPUT, not INTERNAL_SERVER_ERROR, for ids past the database range', async () => {
    for (const [query, variables] of [
      ['query($id: ID!) { node(id: $id) { id } }', { id: b64('Case:2147483648') }],
      ['query($id: ID!) { node(id: $id) { id } }', { id: b64('Case:99999999999') }],
      ['mutation($id: ID!) { replayDelivery(id: $id) { __typename } }', { id: b64('Delivery:2147483648') }],
      [
        'query($id: ID!) { deliveries(filter: { caseId: $id }) { totalCount } }',
        { id: b64('Case:2147483648') },
      ],
    ] as const) {
      const response = await api.graphql(query, variables);
      expect(response.body.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
    // The largest id there can be is simply not found.
    const largest = await api.graphql('query($id: ID!) { node(id: $id) { id } }', {
      id: b64('Case:2147483647'),
    });
    expect(largest.body.errors).toBeUndefined();
    expect(largest.body.data?.node).toBeNull();
  });

  it('answers BAD_USER_INPUT for cursors of the wrong type or range', async () => {
    for (const after of [b64('GPC:N:99999999999'), b64('GPC:S:abc'), b64('GPC:J:{"a":1}'), 'not a cursor']) {
      for (const query of [
        'query($after: String) { deliveries(first: 2, after: $after) { nodes { id } } }',
        'query($after: String) { cases(first: 2, after: $after) { edges { cursor } } }',
      ]) {
        const response = await api.graphql(query, { after });
        expect(response.body.errors?.[0]?.extensions?.code, `${query} ${after}`).toBe('BAD_USER_INPUT');
      }
    }
  });
});
