import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let statements: string[] = [];
beforeAll(async () => {
  api = await createTestApi({ onStatement: (sql) => statements.push(sql) });
});
afterAll(() => api.close());

const nestedPage = `query($first: Int!) {
  cases(first: $first) {
    totalCount
    edges { node {
      number title status
      grid { name region { name } }
      region { name code parent { name } }
      leadMediator { name organization { name } }
      coMediators { name }
      parties { name role phone }
      events(last: 5) { edges { node { type createdAt } } }
    } }
  }
}`;

async function countStatements(first: number) {
  statements = [];
  const { body } = await api.graphql(nestedPage, { first });
  expect(body.errors).toBeUndefined();
  expect(body.data!.cases.edges).toHaveLength(first);
  return [...statements];
}

describe('nested case list', () => {
  it('issues the same number of SQL statements for 50 cases as for 5 (N+1 free)', async () => {
    await countStatements(5); // warm-up
    const small = await countStatements(5);
    const large = await countStatements(50);
    expect(small.length).toBeGreaterThan(0);
    expect(large.length).toBe(small.length);
    // and the page is actually nested data, not empty relations
    const { body } = await api.graphql(nestedPage, { first: 50 });
    const withMediator = body.data!.cases.edges.filter(
      (e: { node: { leadMediator: unknown } }) => e.node.leadMediator,
    );
    expect(withMediator.length).toBeGreaterThan(0);
    expect(
      body.data!.cases.edges.every(
        (e: { node: { events: { edges: unknown[] } } }) => e.node.events.edges.length > 0,
      ),
    ).toBe(true);
  });
});
