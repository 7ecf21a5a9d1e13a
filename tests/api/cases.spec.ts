import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../support/template.js';
import { createTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

describe('cases', () => {
  it('answers the README query with the demo data', async () => {
    const { status, body } = await api.graphql(`{
      cases(first: 5) { totalCount edges { node { id number title status category grid { name } parties { name role } } } }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const total = await api.db.prisma.case.count();
    expect(total).toBeGreaterThan(500);
    expect(body.data!.cases.totalCount).toBe(total);
    expect(body.data!.cases.edges).toHaveLength(5);
    for (const { node } of body.data!.cases.edges) {
      expect(node.number).toMatch(/^\d{6}-\d{4}-\d{6}$/);
      expect(node.parties.some((p: { role: string }) => p.role === 'APPLICANT')).toBe(true);
    }
    // newest first
    const numbers = body.data!.cases.edges.map((e: { node: { number: string } }) => e.node.number);
    const newest = await api.db.prisma.case.findMany({
      orderBy: [{ reportedAt: 'desc' }, { id: 'desc' }],
      take: 5,
    });
    expect(numbers).toEqual(newest.map((c) => c.number));
  });

  it('pages with cursors without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const { body }: { body: { data?: any } } = await api.graphql(
        `query($after: String) { cases(first: 7, after: $after, orderBy: { field: NUMBER, direction: ASC }) {
          pageInfo { hasNextPage endCursor } edges { node { number } } } }`,
        { after },
      );
      seen.push(...body.data!.cases.edges.map((e: { node: { number: string } }) => e.node.number));
      after = body.data!.cases.pageInfo.endCursor;
    }
    const expected = await api.db.prisma.case.findMany({
      orderBy: [{ number: 'asc' }, { id: 'asc' }],
      take: 21,
    });
    expect(seen).toEqual(expected.map((c) => c.number));
  });

  it('filters by status, category, source, risk, region subtree, grid, mediator, dates, overdue and text', async () => {
    const prisma = api.db.prisma;
    const town = await prisma.region.findFirstOrThrow({ where: { level: 'TOWN' }, orderBy: { code: 'asc' } });
    const grid = await prisma.grid.findFirstOrThrow({
      where: { cases: { some: {} } },
      orderBy: { id: 'asc' },
    });
    const mediator = await prisma.mediator.findFirstOrThrow({
      where: { leadCases: { some: {} } },
      orderBy: { id: 'asc' },
    });
    const from = new Date(testNow.getTime() - 30 * 86_400_000);

    const cases = [
      {
        filter: { statuses: ['IN_MEDIATION', 'ASSIGNED'] },
        where: { status: { in: ['IN_MEDIATION', 'ASSIGNED'] } },
      },
      {
        filter: { categories: ['LABOR_WAGES'], sources: ['HOTLINE', 'WALK_IN'] },
        where: { category: 'LABOR_WAGES', source: { in: ['HOTLINE', 'WALK_IN'] } },
      },
      { filter: { minRisk: 'HIGH' }, where: { riskLevel: { in: ['HIGH', 'CRITICAL'] } } },
      {
        filter: { regionId: globalId('Region', town.id) },
        where: { region: { path: { startsWith: town.path } } },
      },
      { filter: { gridId: globalId('Grid', grid.id) }, where: { gridId: grid.id } },
      {
        filter: { mediatorId: globalId('Mediator', mediator.id) },
        where: {
          OR: [{ leadMediatorId: mediator.id }, { coMediators: { some: { mediatorId: mediator.id } } }],
        },
      },
      { filter: { reportedAt: { from: from.toISOString() } }, where: { reportedAt: { gte: from } } },
      {
        filter: { overdue: true },
        where: {
          OR: [
            { status: 'REPORTED', acceptDeadline: { lt: testNow } },
            {
              status: { in: ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] },
              resolveDeadline: { lt: testNow },
            },
          ],
        },
      },
      { filter: { tags: ['涉疫'] }, where: { tags: { has: '涉疫' } } },
      {
        filter: { search: '纠纷' },
        where: { OR: [{ title: { contains: '纠纷' } }, { number: { contains: '纠纷' } }] },
      },
    ] as const;

    for (const { filter, where } of cases) {
      const { body } = await api.graphql(
        `query($filter: CaseFilter) { cases(filter: $filter, first: 100) { totalCount edges { node { number } } } }`,
        { filter },
      );
      expect(body.errors, JSON.stringify(filter)).toBeUndefined();
      const expected = await prisma.case.count({ where: where as never });
      expect(body.data!.cases.totalCount, JSON.stringify(filter)).toBe(expected);
      expect(expected, `filter ${JSON.stringify(filter)} should match some demo cases`).toBeGreaterThan(0);
      expect(body.data!.cases.edges.length).toBe(Math.min(expected, 100));
    }
  });

  it('answers node(id:) of a record that does not exist with null, not an error', async () => {
    for (const type of ['Case', 'Party', 'Grid', 'Mediator', 'Region', 'CaseEvent']) {
      const { body } = await api.graphql('query($id: ID!) { node(id: $id) { id } }', {
        id: globalId(type, 99_999_999),
      });
      expect(body, type).toEqual({ data: { node: null } });
    }
  });

  it('searches for LIKE wildcards literally', async () => {
    for (const q of ['%', '_', '\\']) {
      const { body } = await api.graphql(
        'query($q: String) { cases(filter: { search: $q }) { totalCount } }',
        { q },
      );
      expect(body.data!.cases.totalCount, q).toBe(0);
    }
  });

  it('searches by case number', async () => {
    const sample = await api.db.prisma.case.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const { body } = await api.graphql(
      `query($q: String) { cases(filter: { search: $q }) { totalCount edges { node { number } } } }`,
      {
        q: sample.number,
      },
    );
    expect(body.data!.cases.totalCount).toBe(1);
    expect(body.data!.cases.edges[0].node.number).toBe(sample.number);
  });

  it('sorts by risk, deadline and amount', async () => {
    const { body } = await api.graphql(`{
      byRisk: cases(first: 10, orderBy: { field: RISK_LEVEL, direction: DESC }) { edges { node { riskLevel } } }
      byAmount: cases(first: 10, orderBy: { field: AMOUNT, direction: DESC }) { edges { node { amount } } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.byRisk.edges[0].node.riskLevel).toBe('CRITICAL');
    const amounts = body.data!.byAmount.edges.map((e: { node: { amount: string } }) => Number(e.node.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const max = await api.db.prisma.case.aggregate({ _max: { amount: true } });
    expect(amounts[0]).toBe(Number(max._max.amount));
  });

  it("returns a case's parties (masked), sessions, agreement, follow-ups and last events", async () => {
    const resolved = await api.db.prisma.case.findFirstOrThrow({
      where: { status: 'CLOSED', agreement: { isNot: null } },
      include: {
        parties: true,
        events: { orderBy: { id: 'asc' } },
        sessions: true,
        followUps: true,
        agreement: true,
      },
    });
    const { body } = await api.graphql(
      `query($id: ID!) { node(id: $id) { ... on Case {
        number status version
        parties { name role idNumber phone address }
        sessions { mode status outcome }
        agreement { form terms fulfillmentStatus }
        followUps { status agreementKept }
        events(last: 3) { totalCount edges { node { type toStatus createdAt } } }
      } } }`,
      { id: globalId('Case', resolved.id) },
    );
    expect(body.errors).toBeUndefined();
    const node = body.data!.node;
    expect(node.number).toBe(resolved.number);
    expect(node.agreement.terms).toBe(resolved.agreement!.terms);
    expect(node.sessions).toHaveLength(resolved.sessions.length);
    expect(node.followUps).toHaveLength(resolved.followUps.length);
    expect(node.events.totalCount).toBe(resolved.events.length);
    expect(node.events.edges.map((e: { node: { type: string } }) => e.node.type)).toEqual(
      resolved.events.slice(-3).map((e) => e.type),
    );
    for (const party of node.parties) {
      if (party.phone) expect(party.phone).toMatch(/^\d{3}\*{4,}\d{4}$/);
      if (party.idNumber) expect(party.idNumber).toMatch(/^.{4}\*{10}.{4}$/);
      const stored = resolved.parties.find((p) => p.name === party.name)!;
      if (stored.phone) expect(party.phone).not.toBe(stored.phone);
    }
  });

  it('navigates regions: children, ancestors, and the grids, organizations and cases under them', async () => {
    const county = await api.db.prisma.region.findFirstOrThrow({
      where: { level: 'COUNTY' },
      orderBy: { code: 'asc' },
    });
    const { body } = await api.graphql(
      `query($code: String!) { region(code: $code) {
        name level ancestors { level } children { level }
        grids(first: 1) { totalCount } organizations(first: 1) { totalCount } cases(first: 1) { totalCount }
      } }`,
      { code: county.code },
    );
    expect(body.errors).toBeUndefined();
    const region = body.data!.region;
    expect(region.level).toBe('COUNTY');
    expect(region.ancestors.map((a: { level: string }) => a.level)).toEqual(['PROVINCE', 'CITY']);
    expect(region.children.every((c: { level: string }) => c.level === 'TOWN')).toBe(true);
    const under = { region: { path: { startsWith: county.path } } };
    expect(region.grids.totalCount).toBe(await api.db.prisma.grid.count({ where: under }));
    expect(region.organizations.totalCount).toBe(await api.db.prisma.organization.count({ where: under }));
    expect(region.cases.totalCount).toBe(await api.db.prisma.case.count({ where: under }));
  });

  it('lists grids, organizations and mediators with filters', async () => {
    const prisma = api.db.prisma;
    const { body } = await api.graphql(`{
      grids(first: 3) { totalCount edges { node { code name leader { name role } members { role } region { level } mediators { name } } } }
      organizations(filter: { types: [JUDICIAL_OFFICE] }) { totalCount }
      mediators(filter: { specialty: MEDICAL, active: true }, first: 50) { totalCount edges { node { specialties active openCaseCount capacity organization { name } grids { code } } } }
      lawyers: mediators(filter: { types: [LAWYER] }) { totalCount }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.grids.totalCount).toBe(await prisma.grid.count());
    expect(body.data!.grids.edges[0].node.region.level).toBe('VILLAGE');
    expect(body.data!.organizations.totalCount).toBe(
      await prisma.organization.count({ where: { type: 'JUDICIAL_OFFICE' } }),
    );
    expect(body.data!.mediators.totalCount).toBe(
      await prisma.mediator.count({ where: { specialties: { has: 'MEDICAL' }, active: true } }),
    );
    for (const { node } of body.data!.mediators.edges) {
      expect(node.specialties).toContain('MEDICAL');
      expect(node.active).toBe(true);
    }
    expect(body.data!.lawyers.totalCount).toBe(await prisma.mediator.count({ where: { type: 'LAWYER' } }));
  });
});
