import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

describe('registry mutations', () => {
  it('creates and updates a grid with its leader and members', async () => {
    const village = await api.db.prisma.region.findFirstOrThrow({
      where: { level: 'VILLAGE' },
      orderBy: { id: 'desc' },
    });
    const created = await api.graphql(
      `mutation($input: CreateGridInput!) { createGrid(input: $input) {
        __typename ... on CreateGridSuccess { grid { id code name households leader { name phone } members { role name } region { code } } }
      } }`,
      {
        input: {
          code: `${village.code}-99`,
          name: `${village.name}第九十九网格`,
          regionId: globalId('Region', village.id),
          households: 320,
          population: 980,
          members: [
            { role: 'LEADER', name: '陈国强', phone: '13757112345' },
            { role: 'MEMBER', name: '周丽' },
          ],
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const grid = created.body.data!.createGrid.grid;
    expect(grid.leader).toEqual({ name: '陈国强', phone: '137****2345' });
    expect(grid.members).toHaveLength(2);
    expect(grid.region.code).toBe(village.code);

    const updated = await api.graphql(
      `mutation($id: ID!, $input: UpdateGridInput!) { updateGrid(id: $id, input: $input) {
        __typename ... on UpdateGridSuccess { grid { name households members { name } } }
      } }`,
      { id: grid.id, input: { households: 330, members: [{ role: 'LEADER', name: '吴海' }] } },
    );
    expect(updated.body.data!.updateGrid.grid).toEqual({
      name: grid.name,
      households: 330,
      members: [{ name: '吴海' }],
    });

    const duplicate = await api.graphql(
      `mutation($input: CreateGridInput!) { createGrid(input: $input) { __typename ... on Error { code message } } }`,
      { input: { code: grid.code, name: '重复', regionId: globalId('Region', village.id) } },
    );
    expect(duplicate.body.data!.createGrid).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });

    const town = await api.db.prisma.region.findFirstOrThrow({ where: { level: 'TOWN' } });
    const wrongLevel = await api.graphql(
      `mutation($input: CreateGridInput!) { createGrid(input: $input) { __typename ... on ValidationError { issues { path } } } }`,
      { input: { code: 'T-1', name: '街道网格', regionId: globalId('Region', town.id) } },
    );
    expect(wrongLevel.body.data!.createGrid).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: 'regionId' }],
    });
  });

  it('creates and updates an organization and a mediator serving grids', async () => {
    const town = await api.db.prisma.region.findFirstOrThrow({
      where: { level: 'TOWN' },
      orderBy: { id: 'asc' },
    });
    const grids = await api.db.prisma.grid.findMany({ where: { region: { parentId: town.id } }, take: 2 });
    const org = await api.graphql(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
        __typename ... on CreateOrganizationSuccess { organization { id name type region { code } } }
      } }`,
      {
        input: {
          code: 'ORG-TEST-TRAFFIC',
          name: `${town.name}道路交通事故纠纷调解委员会`,
          type: 'INDUSTRY_COMMITTEE',
          regionId: globalId('Region', town.id),
          phone: '0571-88886666',
        },
      },
    );
    expect(org.body.errors).toBeUndefined();
    const organization = org.body.data!.createOrganization.organization;
    expect(organization.type).toBe('INDUSTRY_COMMITTEE');

    const mediator = await api.graphql(
      `mutation($input: CreateMediatorInput!) { createMediator(input: $input) {
        __typename ... on CreateMediatorSuccess { mediator { id code name type specialties languages capacity active openCaseCount grids { id } organization { id } } }
      } }`,
      {
        input: {
          code: 'M-TEST-001',
          name: '扎西次仁',
          type: 'RELIGIOUS_FIGURE',
          organizationId: organization.id,
          phone: '13912345678',
          specialties: ['LAND_GRASSLAND', 'NEIGHBORHOOD'],
          languages: ['藏语', '普通话'],
          capacity: 6,
          gridIds: grids.map((g) => globalId('Grid', g.id)),
        },
      },
    );
    expect(mediator.body.errors).toBeUndefined();
    const created = mediator.body.data!.createMediator.mediator;
    expect(created).toMatchObject({
      type: 'RELIGIOUS_FIGURE',
      languages: ['藏语', '普通话'],
      capacity: 6,
      openCaseCount: 0,
    });
    expect(created.grids).toHaveLength(grids.length);

    const updated = await api.graphql(
      `mutation($id: ID!, $input: UpdateMediatorInput!) { updateMediator(id: $id, input: $input) {
        __typename ... on UpdateMediatorSuccess { mediator { active capacity grids { id } } }
      } }`,
      { id: created.id, input: { active: false, capacity: 8, gridIds: [] } },
    );
    expect(updated.body.data!.updateMediator.mediator).toEqual({ active: false, capacity: 8, grids: [] });
  });

  it('reports a case: numbered per county and year, placed by its grid, with a REPORTED event', async () => {
    const grid = await api.db.prisma.grid.findFirstOrThrow({
      include: { region: true },
      orderBy: { id: 'asc' },
    });
    const { body } = await api.graphql(
      `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
        __typename ... on ReportCaseSuccess { case { id number status version region { code } grid { code } amount greenChannel acceptDeadline reportedAt
          parties { role name idNumber phone } events { edges { node { type toStatus } } } } }
        ... on Error { code message }
      } }`,
      {
        input: {
          title: '拖欠装修工人工资纠纷',
          facts: '装修公司拖欠三名工人工资共计三万二千元，工人多次讨要未果。',
          category: 'LABOR_WAGES',
          source: 'HOTLINE',
          gridId: globalId('Grid', grid.id),
          amount: '32000.00',
          greenChannel: true,
          riskLevel: 'MEDIUM',
          tags: ['欠薪'],
          parties: [
            {
              role: 'APPLICANT',
              name: '刘大海',
              idNumber: '11010519491231002X',
              phone: '13800138000',
              address: '杭州市西湖区文三路100号',
            },
            {
              role: 'RESPONDENT',
              kind: 'ORGANIZATION',
              name: '杭州某装饰工程有限公司',
              idNumber: '91350100M000100Y43',
            },
          ],
        },
      },
    );
    expect(body.errors).toBeUndefined();
    const kase = body.data!.reportCase.case;
    const county = grid.region.code.slice(0, 6);
    expect(kase.number).toMatch(new RegExp(`^${county}-2026-\\d{6}$`));
    const sequence = await api.db.prisma.caseNumberSequence.findUniqueOrThrow({
      where: { prefix: `${county}-2026` },
    });
    expect(kase.number).toBe(`${county}-2026-${String(sequence.lastValue).padStart(6, '0')}`);
    expect(kase).toMatchObject({ status: 'REPORTED', version: 1, amount: '32000.00', greenChannel: true });
    expect(kase.region.code).toBe(grid.region.code);
    expect(kase.grid.code).toBe(grid.code);
    expect(kase.parties[0]).toEqual({
      role: 'APPLICANT',
      name: '刘大海',
      idNumber: '1101**********002X',
      phone: '138****8000',
    });
    expect(kase.events.edges).toEqual([{ node: { type: 'REPORTED', toStatus: 'REPORTED' } }]);
    // green channel: accept the same day (China time)
    expect(new Date(kase.acceptDeadline).getTime() - new Date(kase.reportedAt).getTime()).toBeLessThan(
      86_400_000,
    );
    const stored = await api.db.prisma.party.findFirstOrThrow({ where: { name: '刘大海' } });
    expect(stored.phone).toBe('13800138000');
  });

  it('gives concurrent reports in one county distinct consecutive numbers', async () => {
    const grid = await api.db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const input = {
      title: '相邻通行纠纷',
      facts: '邻居在公共通道堆放杂物，影响通行。',
      category: 'NEIGHBORHOOD',
      source: 'GRID_SCREENING',
      gridId: globalId('Grid', grid.id),
      parties: [{ role: 'APPLICANT', name: '赵六' }],
    };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.graphql(
          `mutation($input: ReportCaseInput!) { reportCase(input: $input) { ... on ReportCaseSuccess { case { number } } } }`,
          { input },
        ),
      ),
    );
    const numbers = results.map((r) => r.body.data!.reportCase.case.number as string).sort();
    const sequence = numbers.map((n) => Number(n.slice(-6)));
    expect(new Set(numbers).size).toBe(6);
    expect(sequence[5]! - sequence[0]!).toBe(5);
  });
});
