import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

/**
 * Idempotency keys (`Idempotency-Key` header, use-idempotency.ts): a repeat of a mutation with the
 * same key by the same caller answers the first result and runs nothing again; proven by counting
 * the case events and cases the database holds.
 */
let api: TestApi;
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

const changeRisk = `mutation($id: ID!, $input: ChangeCaseRiskInput!) { changeCaseRisk(id: $id, input: $input) {
  __typename ... on ChangeCaseRiskSuccess { case { version riskLevel } } ... on Error { code message } } }`;
const reportCase = `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
  __typename ... on ReportCaseSuccess { case { id number } } ... on Error { code message } } }`;

/** An open case at LOW or MEDIUM risk nobody else in this file touches. */
const takenCases = new Set<number>();
async function openCase(): Promise<{ id: number; version: number; riskLevel: 'LOW' | 'MEDIUM' }> {
  const kase = await api.db.prisma.case.findFirstOrThrow({
    where: {
      status: { in: ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] },
      riskLevel: { in: ['LOW', 'MEDIUM'] },
      id: { notIn: [...takenCases] },
    },
    orderBy: { id: 'asc' },
    select: { id: true, version: true, riskLevel: true },
  });
  takenCases.add(kase.id);
  return kase as { id: number; version: number; riskLevel: 'LOW' | 'MEDIUM' };
}

const riskEvents = (caseId: number) =>
  api.db.prisma.caseEvent.count({ where: { caseId, type: 'RISK_CHANGED' } });

function changeRiskOf(kase: { id: number; version: number; riskLevel: string }, reason = '复核风险') {
  return {
    id: globalId('Case', kase.id),
    input: { version: kase.version, riskLevel: kase.riskLevel === 'LOW' ? 'MEDIUM' : 'LOW', reason },
  };
}

async function aGridId(): Promise<string> {
  const grid = await api.db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
  return globalId('Grid', grid.id);
}

describe('idempotency keys', () => {
  it('answers a repeated mutation with its first result and runs it once', async () => {
    const kase = await openCase();
    const key = randomUUID();
    const variables = changeRiskOf(kase);
    const first = await api.graphql(changeRisk, variables, { headers: { 'idempotency-key': key } });
    expect(first.body.data?.changeCaseRisk.__typename).toBe('ChangeCaseRiskSuccess');
    // Run again, the same command would now be refused (the version moved on); the repeat is the first answer.
    const repeat = await api.graphql(changeRisk, variables, { headers: { 'idempotency-key': key } });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect(await riskEvents(kase.id)).toBe(1);
    const stored = await api.db.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(stored.version).toBe(kase.version + 1);

    // without a key the same request runs, and meets the moved version
    const unkeyed = await api.graphql(changeRisk, variables);
    expect(unkeyed.body.data?.changeCaseRisk.__typename).toBe('StaleVersionError');
  });

  it('keeps the first answer for 24 hours, then lets the key go', async () => {
    const grid = await aGridId();
    const key = randomUUID();
    const input = {
      title: `幂等登记-${key.slice(0, 8)}`,
      facts: '楼上住户卫生间漏水，导致楼下天花板受损。',
      category: 'NEIGHBORHOOD',
      source: 'WALK_IN',
      gridId: grid,
      parties: [
        { role: 'APPLICANT', name: '王建国' },
        { role: 'RESPONDENT', name: '李秀英' },
      ],
    };
    const first = await api.graphql(reportCase, { input }, { headers: { 'idempotency-key': key } });
    expect(first.body.data?.reportCase.__typename).toBe('ReportCaseSuccess');
    const repeat = await api.graphql(reportCase, { input }, { headers: { 'idempotency-key': key } });
    expect(repeat.body.data?.reportCase.case.number).toBe(first.body.data?.reportCase.case.number);
    expect(await api.db.prisma.case.count({ where: { title: input.title } })).toBe(1);

    const row = await api.db.prisma.idempotencyKey.findFirstOrThrow({ where: { key } });
    expect(row.caller).toMatch(/^user:\d+$/);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(row.completedAt).not.toBeNull();

    // past its expiry the key is free: the same request registers another case
    await api.db.prisma.idempotencyKey.updateMany({ where: { key }, data: { expiresAt: new Date(0) } });
    const after = await api.graphql(reportCase, { input }, { headers: { 'idempotency-key': key } });
    expect(after.body.data?.reportCase.case.number).not.toBe(first.body.data?.reportCase.case.number);
    expect(await api.db.prisma.case.count({ where: { title: input.title } })).toBe(2);
  });

  it('refuses a key reused for a different request, and changes nothing', async () => {
    const kase = await openCase();
    const key = randomUUID();
    await api.graphql(changeRisk, changeRiskOf(kase), { headers: { 'idempotency-key': key } });
    const other = await api.graphql(
      changeRisk,
      changeRiskOf({ ...kase, version: kase.version + 1 }, '另一个'),
      {
        headers: { 'idempotency-key': key },
      },
    );
    expect(other.status).toBe(422);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await riskEvents(kase.id)).toBe(1);
  });

  it('keeps keys per caller: the same key from another user is that user’s own', async () => {
    const kase = await openCase();
    const key = randomUUID();
    const first = await api.graphql(changeRisk, changeRiskOf(kase), { headers: { 'idempotency-key': key } });
    expect(first.body.data?.changeCaseRisk.__typename).toBe('ChangeCaseRiskSuccess');
    // a second admin: the same rights on the case, another caller
    const supervisor = await api.db.prisma.user.create({
      data: { username: 'idempotency-admin-2', displayName: '第二管理员', role: 'ADMIN' },
      select: { username: true },
    });
    const second = await api.graphql(
      changeRisk,
      changeRiskOf({
        ...kase,
        version: kase.version + 1,
        riskLevel: kase.riskLevel === 'LOW' ? 'MEDIUM' : 'LOW',
      }),
      {
        as: supervisor.username,
        headers: { 'idempotency-key': key },
      },
    );
    expect(second.body.data?.changeCaseRisk.__typename).toBe('ChangeCaseRiskSuccess');
    expect(await riskEvents(kase.id)).toBe(2);
  });

  it('runs concurrent duplicates once: the others wait for the first answer', async () => {
    const kase = await openCase();
    const key = randomUUID();
    const variables = changeRiskOf(kase);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.graphql(changeRisk, variables, { headers: { 'idempotency-key': key } }),
      ),
    );
    for (const answer of answers) {
      // the same first answer, or (had the first outlived the wait) a typed "in progress"
      if (answer.status === 409)
        expect(answer.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      else expect(answer.body).toEqual(answers.find((a) => a.status === 200)!.body);
    }
    expect(
      answers.filter((a) => a.body.data?.changeCaseRisk.__typename === 'ChangeCaseRiskSuccess').length,
    ).toBeGreaterThan(0);
    expect(await riskEvents(kase.id)).toBe(1);
  });

  it('leaves the key free when the first request did not run', async () => {
    const kase = await openCase();
    const key = randomUUID();
    // refused before execution (an unknown field): nothing ran, nothing is kept
    const refused = await api.graphql(
      changeRisk.replace('version riskLevel', 'version riskLevel noSuchField'),
      changeRiskOf(kase),
      { headers: { 'idempotency-key': key } },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const run = await api.graphql(changeRisk, changeRiskOf(kase), { headers: { 'idempotency-key': key } });
    expect(run.body.data?.changeCaseRisk.__typename).toBe('ChangeCaseRiskSuccess');
    expect(await riskEvents(kase.id)).toBe(1);
  });

  it('ignores the header on queries and refuses a malformed key', async () => {
    const query = await api.graphql(
      '{ cases(first: 1) { totalCount } }',
      {},
      { headers: { 'idempotency-key': 'q-1' } },
    );
    expect(query.body.data?.cases.totalCount).toBeGreaterThan(0);
    expect(await api.db.prisma.idempotencyKey.count({ where: { key: 'q-1' } })).toBe(0);
    const kase = await openCase();
    const bad = await api.graphql(changeRisk, changeRiskOf(kase), {
      headers: { 'idempotency-key': 'has space' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await riskEvents(kase.id)).toBe(0);
  });
});
