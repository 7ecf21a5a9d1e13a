import { createApiKey, type Prisma } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWs, eventually, subscribeWs } from '../support/subscription-clients.js';
import { createTestApi, type TestApi } from '../support/test-api.js';

/*
 * Every role × operation × inside/outside the jurisdiction, asserting the exact outcome. The expected
 * sets are computed here from the rows, independently of the policy code under test.
 */

let api: TestApi;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

type Who = { name: string; as: string | { apiKey: string } | null; caseWhere: Prisma.CaseWhereInput | null };
let principals: Who[] = [];
let townA: { id: number; code: string; path: string };
let townB: { id: number; code: string; path: string };
let city: { code: string };
let gridA: { id: number; regionId: number; path: string };
let villageA: { id: number };
let writerKey: string;

const nobody: Prisma.CaseWhereInput = { id: { in: [] } };

beforeAll(async () => {
  api = await createTestApi({ authRecheckMs: 200 });
  const prisma = api.db.prisma;
  const towns = await prisma.region.findMany({ where: { level: 'TOWN' }, orderBy: { code: 'asc' } });
  const counted = await Promise.all(
    towns.map(async (t) => ({
      town: t,
      n: await prisma.case.count({ where: { region: { path: { startsWith: t.path } } } }),
    })),
  );
  counted.sort((a, b) => b.n - a.n);
  townA = counted[0]!.town;
  townB = counted.find((c) => c.town.code.slice(0, 6) !== townA.code.slice(0, 6))!.town;
  city = (await prisma.region.findFirstOrThrow({ where: { level: 'CITY' } }))!;
  const grid = await prisma.grid.findFirstOrThrow({
    where: { region: { path: { startsWith: townA.path } }, members: { some: { userId: { not: null } } } },
    include: { region: true, members: true },
  });
  gridA = { id: grid.id, regionId: grid.regionId, path: grid.region.path };
  villageA = { id: grid.regionId };
  const gridWorker = await prisma.user.findFirstOrThrow({
    where: { role: 'GRID_WORKER', gridMemberships: { some: { gridId: grid.id } } },
    include: { gridMemberships: true },
  });
  const mediatorUser = await prisma.user.findFirstOrThrow({
    where: {
      role: 'MEDIATOR',
      active: true,
      mediator: { active: true, leadCases: { some: { region: { path: { startsWith: townA.path } } } } },
    },
    include: { mediator: { include: { organization: { include: { region: true } } } } },
  });
  const mediatorId = mediatorUser.mediator!.id;

  const keys = {
    reader: await createApiKey(prisma, null, {
      name: '信访系统(只读)',
      scopes: ['cases:read'],
      regionId: townA.id,
    }),
    writer: await createApiKey(prisma, null, {
      name: '综治平台',
      scopes: ['cases:read', 'cases:write', 'referrals:write', 'parties:reveal'],
      regionId: townA.id,
    }),
    reports: await createApiKey(prisma, null, {
      name: '统计大屏',
      scopes: ['reports:read'],
      regionId: townA.id,
    }),
  };
  writerKey = keys.writer.key;
  const inTown = (path: string): Prisma.CaseWhereInput => ({ region: { path: { startsWith: path } } });
  principals = [
    { name: 'admin', as: 'admin', caseWhere: {} },
    { name: 'supervisor of town A', as: `supervisor-${townA.code}`, caseWhere: inTown(townA.path) },
    { name: 'supervisor of town B', as: `supervisor-${townB.code}`, caseWhere: inTown(townB.path) },
    {
      name: 'mediator working in town A',
      as: mediatorUser.username,
      caseWhere: {
        OR: [
          { leadMediatorId: mediatorId },
          { coMediators: { some: { mediatorId } } },
          inTown(mediatorUser.mediator!.organization.region.path),
        ],
      },
    },
    {
      name: 'grid worker of a town A grid',
      as: gridWorker.username,
      caseWhere: {
        OR: [
          { gridId: { in: gridWorker.gridMemberships.map((m) => m.gridId) } },
          { reportedById: gridWorker.id },
        ],
      },
    },
    { name: 'API key cases:read town A', as: { apiKey: keys.reader.key }, caseWhere: inTown(townA.path) },
    { name: 'API key cases:write town A', as: { apiKey: keys.writer.key }, caseWhere: inTown(townA.path) },
    { name: 'API key reports:read only', as: { apiKey: keys.reports.key }, caseWhere: nobody },
    { name: 'anonymous', as: null, caseWhere: null },
  ];
});
afterAll(() => api.close());

const ids = async (where: Prisma.CaseWhereInput) =>
  new Set((await api.db.prisma.case.findMany({ where, select: { id: true } })).map((c) => c.id));

describe('queries', () => {
  it('cases and totalCount: exactly the jurisdiction, for every role', async () => {
    for (const who of principals) {
      const { status, body } = await api.graphql(
        '{ cases(first: 3) { totalCount edges { node { id } } } }',
        {},
        { as: who.as },
      );
      if (who.caseWhere === null) {
        expect(status, who.name).toBe(401);
        expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
        continue;
      }
      expect(body.errors, who.name).toBeUndefined();
      expect(body.data!.cases.totalCount, who.name).toBe(
        await api.db.prisma.case.count({ where: who.caseWhere }),
      );
    }
  });

  it('node(id:) of a case outside the jurisdiction answers exactly like a case that does not exist', async () => {
    const inA = await api.db.prisma.case.findFirstOrThrow({
      where: { region: { path: { startsWith: townA.path } } },
      orderBy: { id: 'asc' },
    });
    const query = 'query($id: ID!) { node(id: $id) { id ... on Case { number title parties { name } } } }';
    for (const who of principals.filter((p) => p.caseWhere !== null)) {
      const seen = await api.graphql(query, { id: gid('Case', inA.id) }, { as: who.as });
      const missing = await api.graphql(query, { id: gid('Case', 99_999_999) }, { as: who.as });
      const byNumber = await api.graphql(
        'query($n: String!) { caseByNumber(number: $n) { id } }',
        { n: inA.number },
        { as: who.as },
      );
      if ((await ids(who.caseWhere!)).has(inA.id)) {
        expect(seen.body.data!.node.number, who.name).toBe(inA.number);
        expect(byNumber.body.data!.caseByNumber.id).toBe(gid('Case', inA.id));
      } else {
        expect(seen.body, who.name).toEqual(missing.body);
        expect(seen.body).toEqual({ data: { node: null } });
        expect(byNumber.body).toEqual({ data: { caseByNumber: null } });
      }
    }
  });

  it('nested paths stay inside: region → grids → cases, mediator → cases, parties of a foreign case', async () => {
    const query = `query($city: String!, $mediator: ID!) {
      region(code: $city) { cases { totalCount } grids(first: 100) { totalCount edges { node { cases { totalCount } } } } }
      node(id: $mediator) { ... on Mediator { cases { totalCount } } }
    }`;
    const mediator = await api.db.prisma.mediator.findFirstOrThrow({
      where: { leadCases: { some: { region: { path: { startsWith: townA.path } } } } },
      include: { organization: { include: { region: true } } },
    });
    for (const who of principals.filter((p) => p.caseWhere !== null && typeof p.as === 'string')) {
      const { body } = await api.graphql(
        query,
        { city: city.code, mediator: gid('Mediator', mediator.id) },
        { as: who.as },
      );
      expect(body.errors, who.name).toBeUndefined();
      const region = body.data!.region;
      expect(region.cases.totalCount, who.name).toBe(
        await api.db.prisma.case.count({ where: who.caseWhere! }),
      );
      const gridCaseTotal = region.grids.edges.reduce(
        (sum: number, e: any) => sum + e.node.cases.totalCount,
        0,
      );
      expect(region.grids.totalCount, who.name).toBe(
        await api.db.prisma.grid.count({ where: { region: await areaOf(who) } }),
      );
      expect(gridCaseTotal, who.name).toBe(
        await api.db.prisma.case.count({
          where: { AND: [who.caseWhere!, { grid: { region: await areaOf(who) } }] },
        }),
      );
      const mediatorVisible = body.data!.node !== null;
      if (mediatorVisible) {
        expect(body.data!.node.cases.totalCount, who.name).toBe(
          await api.db.prisma.case.count({
            where: {
              AND: [
                who.caseWhere!,
                {
                  OR: [
                    { leadMediatorId: mediator.id },
                    { coMediators: { some: { mediatorId: mediator.id } } },
                  ],
                },
              ],
            },
          }),
        );
      }
      if (who.name === 'supervisor of town B') expect(mediatorVisible).toBe(false);
    }
  });

  it('aliases do not widen anything', async () => {
    const query = `query($a: ID!, $b: ID!) {
      a: cases(filter: { regionId: $a }) { totalCount } b: cases(filter: { regionId: $b }) { totalCount } all: cases { totalCount }
    }`;
    const sup = `supervisor-${townA.code}`;
    const { body } = await api.graphql(
      query,
      { a: gid('Region', townA.id), b: gid('Region', townB.id) },
      { as: sup },
    );
    const inA = await api.db.prisma.case.count({ where: { region: { path: { startsWith: townA.path } } } });
    expect(body.data).toEqual({ a: { totalCount: inA }, b: { totalCount: 0 }, all: { totalCount: inA } });
  });

  it('weekly reports: admins and supervisors of the region, and keys with reports:read; others see no such region', async () => {
    const query = 'query($r: ID!) { weeklyReport(regionId: $r, weekStart: "2026-11-16") { newCases } }';
    const expectations: Record<string, 'ok' | 'NOT_FOUND'> = {
      admin: 'ok',
      'supervisor of town A': 'ok',
      'supervisor of town B': 'NOT_FOUND',
      'mediator working in town A': 'NOT_FOUND',
      'grid worker of a town A grid': 'NOT_FOUND',
      'API key cases:read town A': 'NOT_FOUND',
      'API key cases:write town A': 'NOT_FOUND',
      'API key reports:read only': 'ok',
    };
    for (const who of principals.filter((p) => p.caseWhere !== null)) {
      const { body } = await api.graphql(query, { r: gid('Region', townA.id) }, { as: who.as });
      if (expectations[who.name] === 'ok') expect(body.errors, who.name).toBeUndefined();
      else expect(body.errors?.[0]?.extensions?.code, who.name).toBe('NOT_FOUND');
    }
  });
});

async function areaOf(who: Who): Promise<Prisma.RegionWhereInput> {
  // the registry area each role works in (grids listed under a region)
  if (who.name === 'admin') return {};
  if (who.name === 'supervisor of town A' || who.name.startsWith('API key cases'))
    return { path: { startsWith: townA.path } };
  if (who.name === 'supervisor of town B') return { path: { startsWith: townB.path } };
  if (who.name === 'API key reports:read only') return { path: { startsWith: townA.path } };
  const user = await api.db.prisma.user.findUniqueOrThrow({
    where: { username: who.as as string },
    include: {
      mediator: { include: { organization: { include: { region: true } } } },
      gridMemberships: { include: { grid: { include: { region: true } } } },
    },
  });
  if (user.mediator) return { path: { startsWith: user.mediator.organization.region.path } };
  return { OR: user.gridMemberships.map((m) => ({ path: { startsWith: m.grid.region.path } })) };
}

async function reportInA(as: Who['as'] = 'admin') {
  return api.graphql(
    `mutation($input: ReportCaseInput!) { reportCase(input: $input) { __typename ... on ReportCaseSuccess { case { id version } } ... on Error { code } } }`,
    {
      input: {
        title: '相邻关系纠纷',
        facts: '邻居搭建雨棚影响采光，双方协商未果。',
        category: 'NEIGHBORHOOD',
        source: 'GRID_SCREENING',
        gridId: gid('Grid', gridA.id),
        parties: [
          { role: 'APPLICANT', name: '周建华', phone: '13700137000', idNumber: '11010519491231002X' },
        ],
      },
    },
    { as },
  );
}

describe('mutations', () => {
  it('acceptCase: NotFound outside, Forbidden for roles that may only read, success for supervisors and writers', async () => {
    const expected: Record<string, string> = {
      admin: 'AcceptCaseSuccess',
      'supervisor of town A': 'AcceptCaseSuccess',
      'supervisor of town B': 'NotFoundError',
      'mediator working in town A': 'ForbiddenError',
      'grid worker of a town A grid': 'ForbiddenError',
      'API key cases:read town A': 'ForbiddenError',
      'API key cases:write town A': 'AcceptCaseSuccess',
      'API key reports:read only': 'NotFoundError',
    };
    for (const who of principals.filter((p) => p.caseWhere !== null)) {
      const created = await reportInA();
      const kase = created.body.data!.reportCase.case;
      const dbId = Number(Buffer.from(kase.id, 'base64').toString().split(':')[1]);
      const before = await api.db.prisma.case.findUniqueOrThrow({ where: { id: dbId } });
      const { body } = await api.graphql(
        `mutation($id: ID!) { acceptCase(id: $id, input: { version: 1 }) { __typename } }`,
        { id: kase.id },
        { as: who.as },
      );
      const visible = (await ids(who.caseWhere!)).has(dbId);
      const outcome = body.data!.acceptCase.__typename;
      expect(outcome, who.name).toBe(expected[who.name]);
      if (!visible) expect(outcome, who.name).toBe('NotFoundError');
      if (outcome !== 'AcceptCaseSuccess') {
        expect(await api.db.prisma.case.findUniqueOrThrow({ where: { id: dbId } }), who.name).toEqual(before);
      }
    }
    const anonymous = await api.graphql(
      `mutation { acceptCase(id: "${gid('Case', 1)}", input: { version: 1 }) { __typename } }`,
      {},
      { as: null },
    );
    expect(anonymous.status).toBe(401);
  });

  it('reportCase: grid workers in their own grids, supervisors in their region, keys with referrals:write', async () => {
    const expected: Record<string, string> = {
      admin: 'ReportCaseSuccess',
      'supervisor of town A': 'ReportCaseSuccess',
      'supervisor of town B': 'ForbiddenError',
      'grid worker of a town A grid': 'ReportCaseSuccess',
      'API key cases:read town A': 'ForbiddenError',
      'API key cases:write town A': 'ReportCaseSuccess',
      'API key reports:read only': 'ForbiddenError',
    };
    for (const who of principals.filter((p) => p.name in expected)) {
      const before = await api.db.prisma.case.count();
      const { body } = await reportInA(who.as);
      expect(body.data!.reportCase.__typename, who.name).toBe(expected[who.name]);
      expect(await api.db.prisma.case.count(), who.name).toBe(
        before + (expected[who.name] === 'ReportCaseSuccess' ? 1 : 0),
      );
    }
  });

  it('registry changes: admins anywhere, supervisors in their subtree, nobody else', async () => {
    let n = 0;
    for (const who of principals.filter((p) => p.caseWhere !== null)) {
      const { body } = await api.graphql(
        `mutation($input: CreateGridInput!) { createGrid(input: $input) { __typename } }`,
        { input: { code: `MATRIX-${n++}`, name: '测试网格', regionId: gid('Region', villageA.id) } },
        { as: who.as },
      );
      const allowed = who.name === 'admin' || who.name === 'supervisor of town A';
      expect(body.data!.createGrid.__typename, who.name).toBe(
        allowed ? 'CreateGridSuccess' : 'ForbiddenError',
      );
    }
  });

  it('revealPartyContact: clear data with an audit record for those who may; nothing and no record for others', async () => {
    const party = await api.db.prisma.party.findFirstOrThrow({
      where: {
        phone: { not: null },
        case: { region: { path: { startsWith: townA.path } }, gridId: gridA.id },
      },
    });
    const expected: Record<string, string> = {
      admin: 'RevealPartyContactSuccess',
      'supervisor of town A': 'RevealPartyContactSuccess',
      'supervisor of town B': 'NotFoundError',
      'grid worker of a town A grid': 'ForbiddenError',
      'API key cases:read town A': 'ForbiddenError',
      'API key cases:write town A': 'RevealPartyContactSuccess',
      'API key reports:read only': 'NotFoundError',
    };
    for (const who of principals.filter((p) => p.name in expected)) {
      const audits = await api.db.prisma.personalDataAccess.count();
      const { body } = await api.graphql(
        `mutation($id: ID!) { revealPartyContact(partyId: $id, reason: "核实当事人身份以便通知调解") {
          __typename ... on RevealPartyContactSuccess { contact { phone } } } }`,
        { id: gid('Party', party.id) },
        { as: who.as },
      );
      const outcome = body.data!.revealPartyContact;
      expect(outcome.__typename, who.name).toBe(expected[who.name]);
      if (outcome.__typename === 'RevealPartyContactSuccess') {
        expect(outcome.contact.phone).toBe(party.phone);
        expect(await api.db.prisma.personalDataAccess.count()).toBe(audits + 1);
      } else {
        expect(await api.db.prisma.personalDataAccess.count(), who.name).toBe(audits);
      }
    }
    const log = await api.graphql(
      '{ personalDataAccesses(first: 10) { totalCount edges { node { reason viewer fields } } } }',
      {},
      { as: `supervisor-${townA.code}` },
    );
    expect(log.body.data!.personalDataAccesses.edges[0].node.reason).toBe('核实当事人身份以便通知调解');
    const foreignLog = await api.graphql(
      '{ personalDataAccesses { totalCount } }',
      {},
      { as: `supervisor-${townB.code}` },
    );
    expect(foreignLog.body.data!.personalDataAccesses.totalCount).toBe(0);
  });
});

describe('subscriptions', () => {
  it("a subscriber to another town's feed receives nothing; a revoked key's subscription ends", async () => {
    const url = await api.app.start(0, '127.0.0.1');
    const supB = { authorization: `Bearer ${await api.tokenFor(`supervisor-${townB.code}`)}` };
    const feed = 'subscription($f: CaseFeedFilter) { caseFeed(filter: $f) { type case { number } } }';
    const foreign = subscribeWs(connectWs(url, supB), feed, { f: { regionId: gid('Region', townA.id) } });
    const everything = subscribeWs(connectWs(url, supB), feed, {});
    const keyed = subscribeWs(connectWs(url, { apiKey: writerKey }), feed, {});
    // all three open (and listening) before anything is committed
    await eventually(() => api.app.activeSubscriptions(), 3, 30_000);
    const inA = await reportInA();
    expect(inA.body.data!.reportCase.__typename).toBe('ReportCaseSuccess');
    // positive control: an event in town B reaches the B supervisor's feed
    const gridB = await api.db.prisma.grid.findFirstOrThrow({
      where: { region: { path: { startsWith: townB.path } } },
    });
    const inB = await api.graphql(
      `mutation($input: ReportCaseInput!) { reportCase(input: $input) { ... on ReportCaseSuccess { case { number } } } }`,
      {
        input: {
          title: '噪音扰民纠纷',
          facts: '楼下商铺夜间经营噪音扰民。',
          category: 'NEIGHBORHOOD',
          source: 'HOTLINE',
          gridId: gid('Grid', gridB.id),
          parties: [{ role: 'APPLICANT', name: '李' }],
        },
      },
    );
    const [received] = await everything.waitFor(1, 3000);
    expect(received!.data!.caseFeed.case.number).toBe(inB.body.data!.reportCase.case.number);
    const [keyEvent] = await keyed.waitFor(1, 3000);
    expect(keyEvent!.data!.caseFeed.type).toBe('REPORTED');
    await new Promise((r) => setTimeout(r, 300));
    expect(foreign.results).toHaveLength(0);
    expect(everything.results).toHaveLength(1);

    // revoke the key: its subscription ends with UNAUTHENTICATED within the re-check interval
    const key = await api.db.prisma.apiKey.findFirstOrThrow({ where: { name: '综治平台' } });
    const revoked = await api.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', {
      id: gid('ApiKey', key.id),
    });
    expect(revoked.body.data!.revokeApiKey.__typename).toBe('RevokeApiKeySuccess');
    const ended = await Promise.race([
      keyed.ended.then(
        ({ error }) => JSON.stringify(error ?? null) + JSON.stringify(keyed.results.at(-1) ?? null),
      ),
      new Promise<string>((r) => setTimeout(() => r('still open'), 3000)),
    ]);
    expect(ended).not.toBe('still open');
    expect(ended).toContain('UNAUTHENTICATED');
    await foreign.close();
    await everything.close();
  });
});
