import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');

async function rowCounts() {
  const p = api.db.prisma;
  const [cases, parties, events, grids, members, organizations, mediators, links, sequences] =
    await Promise.all([
      p.case.count(),
      p.party.count(),
      p.caseEvent.count(),
      p.grid.count(),
      p.gridMember.count(),
      p.organization.count(),
      p.mediator.count(),
      p.mediatorGrid.count(),
      p.caseNumberSequence.findMany({ orderBy: { prefix: 'asc' } }),
    ]);
  return { cases, parties, events, grids, members, organizations, mediators, links, sequences };
}

let villageId: string;
let gridId: string;
let organizationId: string;
beforeAll(async () => {
  const village = await api.db.prisma.region.findFirstOrThrow({
    where: { level: 'VILLAGE' },
    orderBy: { id: 'asc' },
  });
  const grid = await api.db.prisma.grid.findFirstOrThrow({ where: { regionId: village.id } });
  const organization = await api.db.prisma.organization.findFirstOrThrow({ orderBy: { id: 'asc' } });
  villageId = globalId('Region', village.id);
  gridId = globalId('Grid', grid.id);
  organizationId = globalId('Organization', organization.id);
});

const reportCase = `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
  __typename
  ... on Error { code message }
  ... on ValidationError { issues { path message } }
  ... on ReportCaseSuccess { case { number } }
} }`;

function validCase(overrides: Record<string, unknown> = {}) {
  return {
    title: '楼上漏水邻里纠纷',
    facts: '楼上住户卫生间漏水，导致楼下天花板受损，双方就维修费用协商未果。',
    category: 'NEIGHBORHOOD',
    source: 'WALK_IN',
    regionId: villageId,
    gridId,
    parties: [
      { role: 'APPLICANT', name: '王建国', idNumber: '11010519491231002X', phone: '13800138000' },
      { role: 'RESPONDENT', name: '李秀英', phone: '+86 139-0013-9000' },
    ],
    ...overrides,
  };
}

describe('bad input gets a typed error and changes nothing', () => {
  const attempts: {
    name: string;
    query: string;
    variables?: Record<string, unknown> | (() => Record<string, unknown>);
    expect: (body: any) => void;
  }[] = [
    {
      name: 'malformed global ID (not base64 of Type:id)',
      query: `{ node(id: "!!!not-an-id") { id } }`,
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'global ID with a non-numeric id',
      query: `query($id: ID!) { node(id: $id) { id } }`,
      variables: { id: 'Q2FzZTphYmM=' },
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'global ID of the wrong type in a filter',
      query: `query($id: ID!) { cases(filter: { regionId: $id }) { totalCount } }`,
      variables: { id: globalId('Grid', 1) },
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'filter on a region that does not exist',
      query: `query($id: ID!) { cases(filter: { regionId: $id }) { totalCount } }`,
      variables: { id: globalId('Region', 999999) },
      expect: (body) => {
        expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
        expect(body.data).toBeNull();
      },
    },
    {
      name: 'unknown enum value',
      query: `{ cases(filter: { statuses: [DONE] }) { totalCount } }`,
      expect: (body) => expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED'),
    },
    {
      name: 'unknown enum value in variables',
      query: `query($s: [CaseStatus!]) { cases(filter: { statuses: $s }) { totalCount } }`,
      variables: { s: ['DONE'] },
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'oversized search string',
      query: `query($q: String) { cases(filter: { search: $q }) { totalCount } }`,
      variables: { q: '纠'.repeat(5000) },
      expect: (body) => expect(body.errors[0].extensions.code).toBe('VALIDATION_FAILED'),
    },
    {
      name: 'reversed date range',
      query: `{ cases(filter: { reportedAt: { from: "2026-10-01T00:00:00Z", to: "2026-01-01T00:00:00Z" } }) { totalCount } }`,
      expect: (body) => expect(body.errors[0].extensions.code).toBe('VALIDATION_FAILED'),
    },
    {
      name: 'page size above the maximum',
      query: `{ cases(first: 101) { totalCount } }`,
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'a huge page size (refused by the cost limit before it runs)',
      query: `{ cases(first: 100000) { totalCount } }`,
      expect: (body) => expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX'),
    },
    {
      name: 'invalid mobile number',
      query: reportCase,
      variables: () => ({
        input: validCase({ parties: [{ role: 'APPLICANT', name: '张三', phone: '12345678901' }] }),
      }),
      expect: (body) => {
        expect(body.data.reportCase.__typename).toBe('ValidationError');
        expect(body.data.reportCase.issues[0].path).toBe('parties.0.phone');
      },
    },
    {
      name: 'ID number with a wrong check digit',
      query: reportCase,
      variables: () => ({
        input: validCase({ parties: [{ role: 'APPLICANT', name: '张三', idNumber: '110105194912310021' }] }),
      }),
      expect: (body) => {
        expect(body.data.reportCase.code).toBe('VALIDATION_FAILED');
        expect(body.data.reportCase.issues[0].path).toBe('parties.0.idNumber');
      },
    },
    {
      name: 'ID number with an impossible birth date',
      query: reportCase,
      variables: () => ({
        input: validCase({ parties: [{ role: 'APPLICANT', name: '张三', idNumber: '110105199002300011' }] }),
      }),
      expect: (body) => expect(body.data.reportCase.issues[0].path).toBe('parties.0.idNumber'),
    },
    {
      name: 'oversized title and facts',
      query: reportCase,
      variables: () => ({ input: validCase({ title: '长'.repeat(201), facts: 'x'.repeat(10001) }) }),
      expect: (body) => {
        expect(body.data.reportCase.__typename).toBe('ValidationError');
        expect(body.data.reportCase.issues.map((i: { path: string }) => i.path).sort()).toEqual([
          'facts',
          'title',
        ]);
      },
    },
    {
      name: 'no applicant',
      query: reportCase,
      variables: () => ({ input: validCase({ parties: [{ role: 'RESPONDENT', name: '张三' }] }) }),
      expect: (body) => expect(body.data.reportCase.issues[0].path).toBe('parties'),
    },
    {
      name: 'negative amount',
      query: reportCase,
      variables: () => ({ input: validCase({ amount: '-5' }) }),
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'case in a region that does not exist',
      query: reportCase,
      variables: () => ({ input: validCase({ regionId: globalId('Region', 999999), gridId: null }) }),
      expect: (body) => expect(body.data.reportCase.__typename).toBe('NotFoundError'),
    },
    {
      name: 'case in a city (too high a level)',
      query: reportCase,
      variables: () => ({ input: validCase({ regionId: globalId('Region', 2), gridId: null }) }),
      expect: (body) => expect(body.data.reportCase.issues[0].path).toBe('regionId'),
    },
    {
      name: 'empty global ID',
      query: `mutation($input: CreateGridInput!) { createGrid(input: $input) { __typename ... on Error { code } } }`,
      variables: { input: { code: 'DUP-1', name: '重复网格', regionId: '' } },
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'mediator with an unknown grid',
      query: `mutation($input: CreateMediatorInput!) { createMediator(input: $input) { __typename ... on Error { code } } }`,
      variables: {
        input: {
          code: 'M-NEW',
          name: '新调解员',
          type: 'FULL_TIME',
          organizationId: '',
          gridIds: [globalId('Grid', 999999)],
        },
      },
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'mediator with an unknown grid (valid organization)',
      query: `mutation($input: CreateMediatorInput!) { createMediator(input: $input) { __typename ... on Error { code } } }`,
      variables: {
        input: {
          code: 'M-NEW2',
          name: '新调解员',
          type: 'FULL_TIME',
          organizationId: 'ORG',
          gridIds: [globalId('Grid', 999999)],
        },
      },
      expect: (body) => expect(body.data.createMediator.code).toBe('NOT_FOUND'),
    },
    {
      name: 'mediator with an invalid capacity and phone',
      query: `mutation($input: CreateMediatorInput!) { createMediator(input: $input) { __typename ... on ValidationError { issues { path } } } }`,
      variables: {
        input: {
          code: 'M-NEW3',
          name: '新调解员',
          type: 'LAWYER',
          organizationId: 'ORG',
          capacity: -1,
          phone: '0571',
        },
      },
      expect: (body) =>
        expect(body.data.createMediator.issues.map((i: { path: string }) => i.path).sort()).toEqual([
          'capacity',
          'phone',
        ]),
    },
    {
      name: 'wrong variable type',
      query: `query($n: Int!) { cases(first: $n) { totalCount } }`,
      variables: { n: 'fifty' },
      expect: (body) => expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT'),
    },
    {
      name: 'syntax error',
      query: `{ cases(first: 5 { totalCount }`,
      expect: (body) => expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED'),
    },
  ];

  for (const attempt of attempts) {
    it(attempt.name, async () => {
      const before = await rowCounts();
      const variables = JSON.parse(
        JSON.stringify(
          (typeof attempt.variables === 'function' ? attempt.variables() : attempt.variables) ?? {},
        ).replaceAll('"organizationId":"ORG"', `"organizationId":"${organizationId}"`),
      );
      const { status, body } = await api.graphql(attempt.query, variables);
      expect(status).toBeLessThan(500);
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error|prisma|SELECT |stack/i);
      attempt.expect(body);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('a valid report still works afterwards and takes the next number', async () => {
    const { body } = await api.graphql<any>(reportCase, { input: validCase() });
    expect(body.data!.reportCase.__typename).toBe('ReportCaseSuccess');
    expect(body.data!.reportCase.case.number).toMatch(/^\d{6}-\d{4}-\d{6}$/);
  });

  it('reads "" as absent for a party\'s ID number, phone and address, alike', async () => {
    const { body } = await api.graphql<any>(reportCase, {
      input: validCase({
        parties: [{ role: 'APPLICANT', name: '赵六', idNumber: '', phone: ' ', address: '' }],
      }),
    });
    expect(body.data!.reportCase.__typename).toBe('ReportCaseSuccess');
    const party = await api.db.prisma.party.findFirstOrThrow({
      where: { case: { number: body.data!.reportCase.case.number } },
    });
    expect(party).toMatchObject({ name: '赵六', idNumber: null, phone: null, address: null });
  });
});
