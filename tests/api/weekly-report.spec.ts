import {
  ConflictError,
  ForbiddenError,
  fileScreening,
  loadUserPrincipal,
  NotFoundError,
  ValidationError,
  type WeeklyReport,
  weeklyReport,
} from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../support/template.js';
import { createTestApi, type TestApi } from '../support/test-api.js';

const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;

let api: TestApi;
let statements: string[] = [];
beforeAll(async () => {
  api = await createTestApi({ onStatement: (sql) => statements.push(sql) });
});
afterAll(() => api.close());

const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');

// ─── An independent reference: the report counted in TypeScript from plain rows ───

type Rows = Awaited<ReturnType<typeof loadRows>>;
type RegionRow = Rows['regions'][number];

async function loadRows() {
  const p = api.db.prisma;
  const [regions, grids, cases, events, screenings] = await Promise.all([
    p.region.findMany(),
    p.grid.findMany({ select: { id: true, regionId: true } }),
    p.case.findMany({
      select: {
        id: true,
        regionId: true,
        gridId: true,
        category: true,
        source: true,
        tags: true,
        reportedAt: true,
        acceptDeadline: true,
        resolveDeadline: true,
      },
    }),
    p.caseEvent.findMany({ select: { id: true, caseId: true, type: true, toStatus: true, createdAt: true } }),
    p.screening.findMany(),
  ]);
  return { regions, grids, cases, events, screenings };
}

/** `YYYY-MM-DD` of the China calendar day of an instant. */
const chinaDay = (t: number) => new Date(t + CHINA).toISOString().slice(0, 10);
const plusDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** The Monday (China time) of the week containing an instant. */
function mondayOf(t: number): string {
  const day = chinaDay(t);
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return plusDays(day, -weekday);
}

const OPEN = ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'];
const CATEGORIES = [
  'MARRIAGE_FAMILY',
  'NEIGHBORHOOD',
  'PROPERTY_MANAGEMENT',
  'LABOR_WAGES',
  'TORT_DAMAGES',
  'CONSUMER',
  'TOURISM',
  'MEDICAL',
  'CONTRACT',
  'HOUSING_LEASE',
  'DEBT',
  'LAND_GRASSLAND',
  'OTHER',
];
const SOURCES = [
  'GRID_SCREENING',
  'WALK_IN',
  'HOTLINE',
  'ONLINE',
  'PETITION_REFERRAL',
  'POLICE_REFERRAL',
  'COURT_REFERRAL',
  'OTHER',
];

function expectedReport(rows: Rows, region: RegionRow, weekStart: string): WeeklyReport {
  const from = Date.parse(`${weekStart}T00:00:00+08:00`);
  const to = from + 7 * DAY;
  const asOf = Math.min(to, testNow.getTime());
  const lastDay = plusDays(weekStart, 6);

  const regionIds = new Set(rows.regions.filter((r) => r.path.startsWith(region.path)).map((r) => r.id));
  const grids = rows.grids.filter((g) => regionIds.has(g.regionId)).map((g) => g.id);
  const cases = rows.cases.filter((c) => regionIds.has(c.regionId) && c.reportedAt.getTime() < asOf);
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const epidemic = (id: number) => caseById.get(id)!.tags.includes('涉疫');

  const created = cases.filter((c) => c.reportedAt.getTime() >= from);
  const weekEvents = rows.events.filter(
    (e) => caseById.has(e.caseId) && e.createdAt.getTime() >= from && e.createdAt.getTime() < asOf,
  );
  const casesWith = (type: string, where: (caseId: number) => boolean = () => true) =>
    new Set(weekEvents.filter((e) => e.type === type && where(e.caseId)).map((e) => e.caseId));

  const statusAt = new Map<number, { at: number; id: number; status: string }>();
  for (const e of rows.events) {
    if (!caseById.has(e.caseId) || e.toStatus === null || e.createdAt.getTime() >= asOf) continue;
    const seen = statusAt.get(e.caseId);
    const at = e.createdAt.getTime();
    if (!seen || at > seen.at || (at === seen.at && e.id > seen.id)) {
      statusAt.set(e.caseId, { at, id: e.id, status: e.toStatus });
    }
  }
  const open = cases.filter((c) => OPEN.includes(statusAt.get(c.id)?.status ?? 'REPORTED'));
  const overdue = open.filter((c) => {
    const status = statusAt.get(c.id)?.status ?? 'REPORTED';
    return (
      (status === 'REPORTED' && c.acceptDeadline !== null && c.acceptDeadline.getTime() < asOf) ||
      (c.resolveDeadline !== null && c.resolveDeadline.getTime() < asOf)
    );
  });

  const resolvedCases = casesWith('AGREEMENT_RECORDED');
  const resolved = resolvedCases.size;
  const failed = casesWith('FAILED').size;

  const byGrid = new Map<number | null, { gridId: number | null; newCases: number; resolved: number }>();
  const gridFigures = (gridId: number | null) => {
    if (!byGrid.has(gridId)) byGrid.set(gridId, { gridId, newCases: 0, resolved: 0 });
    return byGrid.get(gridId)!;
  };
  for (const c of created) gridFigures(c.gridId).newCases++;
  for (const id of resolvedCases) gridFigures(caseById.get(id)!.gridId).resolved++;

  const screenings = rows.screenings.filter((s) => {
    const day = s.screenedOn.toISOString().slice(0, 10);
    return grids.includes(s.gridId) && day >= weekStart && day <= lastDay;
  });
  const filed = new Set(screenings.map((s) => s.gridId));

  return {
    regionId: region.id,
    weekStart,
    weekEnd: lastDay,
    from: new Date(from),
    to: new Date(to),
    asOf: new Date(asOf),
    screening: {
      rounds: screenings.length,
      householdsVisited: screenings.reduce((sum, s) => sum + s.householdsVisited, 0),
      disputesFound: screenings.reduce((sum, s) => sum + s.disputesFound, 0),
      zeroReports: screenings.filter((s) => s.zeroReport).length,
      grids: grids.length,
      gridsReporting: filed.size,
    },
    newCases: created.length,
    accepted: casesWith('ACCEPTED').size,
    resolved,
    failed,
    closed: casesWith('CLOSED').size,
    escalated: casesWith('ESCALATED').size,
    openAtEnd: open.length,
    overdueAtEnd: overdue.length,
    resolutionRate: resolved + failed === 0 ? null : resolved / (resolved + failed),
    newByCategory: CATEGORIES.map((key) => ({
      key,
      count: created.filter((c) => c.category === key).length,
    })),
    newBySource: SOURCES.map((key) => ({ key, count: created.filter((c) => c.source === key).length })),
    byGrid: [...byGrid.values()].sort((a, b) => (a.gridId ?? Infinity) - (b.gridId ?? Infinity)),
    epidemic: {
      newCases: created.filter((c) => c.tags.includes('涉疫')).length,
      resolved: casesWith('AGREEMENT_RECORDED', epidemic).size,
      open: open.filter((c) => c.tags.includes('涉疫')).length,
    },
    zeroReportGridIds: [...new Set(screenings.filter((s) => s.zeroReport).map((s) => s.gridId))].sort(
      (a, b) => a - b,
    ),
    silentGridIds: grids.filter((id) => !filed.has(id)).sort((a, b) => a - b),
  } as WeeklyReport;
}

// ─── The places and weeks the report is checked for ───

let rows: Rows;
let city: RegionRow;
let district: RegionRow;
let town: RegionRow;
/** The last full week, the 涉疫 campaign week six weeks before this one, and the running week. */
const thisMonday = mondayOf(testNow.getTime());
const lastWeek = plusDays(thisMonday, -7);
const campaignWeek = plusDays(thisMonday, -42);
const weeks = [lastWeek, campaignWeek, thisMonday];

beforeAll(async () => {
  rows = await loadRows();
  const casesUnder = (region: RegionRow) => {
    const ids = new Set(rows.regions.filter((r) => r.path.startsWith(region.path)).map((r) => r.id));
    return rows.cases.filter((c) => ids.has(c.regionId)).length;
  };
  const busiest = (level: string) =>
    rows.regions
      .filter((r) => r.level === level)
      .sort((a, b) => casesUnder(b) - casesUnder(a) || a.id - b.id)[0]!;
  city = busiest('CITY');
  district = busiest('COUNTY');
  // A town with a silent grid last week, so every grid list of its report has members.
  town = rows.regions
    .filter((r) => r.level === 'TOWN' && expectedReport(rows, r, lastWeek).silentGridIds.length > 0)
    .sort((a, b) => casesUnder(b) - casesUnder(a) || a.id - b.id)[0]!;
});

describe('weeklyReport (周报告) matches counts made from the rows', () => {
  it('the chosen weeks have data of every kind, so the comparison is not vacuous', () => {
    expect(new Date(`${thisMonday}T00:00:00Z`).getUTCDay()).toBe(1);
    const last = expectedReport(rows, city, lastWeek);
    expect(last.newCases).toBeGreaterThan(20);
    expect(last.resolved).toBeGreaterThan(0);
    expect(last.failed).toBeGreaterThan(0);
    expect(last.escalated).toBeGreaterThan(0);
    expect(last.overdueAtEnd).toBeGreaterThan(0);
    expect(last.zeroReportGridIds.length).toBeGreaterThan(0);
    expect(last.silentGridIds.length).toBeGreaterThan(0);
    expect(last.byGrid.length).toBeGreaterThan(5);
    const epidemic = weeks.map((week) => expectedReport(rows, city, week).epidemic);
    expect(epidemic.some((e) => e.newCases > 0)).toBe(true);
    expect(epidemic.some((e) => e.resolved > 0)).toBe(true);
    expect(epidemic.some((e) => e.open > 0)).toBe(true);
    const townLast = expectedReport(rows, town, lastWeek);
    expect(townLast.silentGridIds.length).toBeGreaterThan(0);
    expect(townLast.zeroReportGridIds.length).toBeGreaterThan(0);
    expect(townLast.byGrid.length).toBeGreaterThan(0);
  });

  for (const level of ['city', 'district', 'town'] as const) {
    for (const week of weeks) {
      it(`${level}, week of ${week}`, async () => {
        const region = { city, district, town }[level];
        const report = await weeklyReport(
          api.db.prisma,
          { regionId: region.id, weekStart: week },
          { now: testNow },
        );
        expect(report).toEqual(expectedReport(rows, region, week));
      });
    }
  }

  it('a running week is reported as of now and has no screening rounds yet', async () => {
    const report = await weeklyReport(
      api.db.prisma,
      { regionId: city.id, weekStart: thisMonday },
      { now: testNow },
    );
    expect(report.asOf).toEqual(testNow);
    expect(report.screening.rounds).toBe(0);
    expect(report.silentGridIds).toHaveLength(report.screening.grids);
  });
});

const reportQuery = `query($regionId: ID!, $weekStart: String!) {
  weeklyReport(regionId: $regionId, weekStart: $weekStart) {
    region { id name }
    weekStart weekEnd asOf
    screening { rounds householdsVisited disputesFound zeroReports grids gridsReporting }
    newCases accepted resolved failed closed escalated openAtEnd overdueAtEnd resolutionRate
    newByCategory { key label count }
    newBySource { key label count }
    byGrid { grid { id name region { name } } newCases resolved }
    epidemic { newCases resolved open }
    zeroReportGrids { id name code region { name } }
    silentGrids { id name code region { name } }
  }
}`;

describe('GraphQL weeklyReport', () => {
  it('returns the typed report with Chinese labels and Grid objects', async () => {
    const { body } = await api.graphql(reportQuery, {
      regionId: globalId('Region', town.id),
      weekStart: lastWeek,
    });
    expect(body.errors).toBeUndefined();
    const got = body.data!.weeklyReport;
    const want = expectedReport(rows, town, lastWeek);
    expect(got.region.id).toBe(globalId('Region', town.id));
    expect(got.weekEnd).toBe(want.weekEnd);
    expect(got.screening).toEqual(want.screening);
    expect(got.newCases).toBe(want.newCases);
    expect(got.openAtEnd).toBe(want.openAtEnd);
    expect(got.overdueAtEnd).toBe(want.overdueAtEnd);
    expect(got.resolutionRate).toBe(want.resolutionRate);
    expect(got.epidemic).toEqual(want.epidemic);
    expect(got.newByCategory.find((c: { key: string }) => c.key === 'NEIGHBORHOOD')).toMatchObject({
      label: '邻里纠纷',
    });
    expect(got.newBySource.find((c: { key: string }) => c.key === 'GRID_SCREENING')).toMatchObject({
      label: '网格排查',
    });
    expect(got.newByCategory.map((c: { count: number }) => c.count)).toEqual(
      want.newByCategory.map((c) => c.count),
    );
    const byGrid = got.byGrid.map(
      (row: { grid: { id: string } | null; newCases: number; resolved: number }) => ({
        gridId: row.grid ? Number(Buffer.from(row.grid.id, 'base64').toString().split(':')[1]) : null,
        newCases: row.newCases,
        resolved: row.resolved,
      }),
    );
    expect(byGrid).toEqual(want.byGrid);
    const ids = (grids: { id: string }[]) => grids.map((g) => g.id).sort();
    expect(ids(got.zeroReportGrids)).toEqual(want.zeroReportGridIds.map((id) => globalId('Grid', id)).sort());
    expect(ids(got.silentGrids)).toEqual(want.silentGridIds.map((id) => globalId('Grid', id)).sort());
    expect(got.silentGrids[0].region.name).toEqual(expect.any(String));
  });

  it('issues as many SQL statements for the city as for a town', async () => {
    const count = async (region: RegionRow) => {
      statements = [];
      const { body } = await api.graphql(reportQuery, {
        regionId: globalId('Region', region.id),
        weekStart: lastWeek,
      });
      expect(body.errors).toBeUndefined();
      return { statements: statements.length, report: body.data!.weeklyReport };
    };
    await count(town); // warm-up
    const small = await count(town);
    const large = await count(city);
    expect(large.report.byGrid.length).toBeGreaterThan(small.report.byGrid.length);
    expect(large.report.zeroReportGrids.length).toBeGreaterThan(small.report.zeroReportGrids.length);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
  });

  it('computes the figures in the database: two statements, whatever the region', async () => {
    for (const region of [city, town]) {
      statements = [];
      await weeklyReport(api.db.prisma, { regionId: region.id, weekStart: lastWeek }, { now: testNow });
      expect(statements).toHaveLength(2);
    }
  });
});

// ─── Bad input: a typed error, and nothing changed ───

async function rowCounts() {
  const p = api.db.prisma;
  const [screenings, cases, events, grids] = await Promise.all([
    p.screening.count(),
    p.case.count(),
    p.caseEvent.count(),
    p.grid.count(),
  ]);
  return { screenings, cases, events, grids };
}

describe('bad input to weeklyReport', () => {
  const cases: { name: string; regionId?: () => string; weekStart: string; code: string }[] = [
    { name: 'a Tuesday', weekStart: plusDays(lastWeek, 1), code: 'VALIDATION_FAILED' },
    { name: 'a Sunday', weekStart: plusDays(lastWeek, -1), code: 'VALIDATION_FAILED' },
    { name: 'a malformed date', weekStart: '16/11/2026', code: 'VALIDATION_FAILED' },
    { name: 'a date that does not exist', weekStart: '2026-02-30', code: 'VALIDATION_FAILED' },
    { name: 'month 13', weekStart: '2026-13-02', code: 'VALIDATION_FAILED' },
    { name: 'a week in the future', weekStart: plusDays(thisMonday, 7), code: 'VALIDATION_FAILED' },
    {
      name: 'an unknown region',
      regionId: () => globalId('Region', 999_999),
      weekStart: lastWeek,
      code: 'NOT_FOUND',
    },
    {
      name: 'a region id that is not a number',
      regionId: () => globalId('Region', 'abc'),
      weekStart: lastWeek,
      code: 'BAD_USER_INPUT',
    },
  ];
  for (const attempt of cases) {
    it(`${attempt.name} → ${attempt.code}`, async () => {
      const before = await rowCounts();
      const { body } = await api.graphql(reportQuery, {
        regionId: attempt.regionId?.() ?? globalId('Region', city.id),
        weekStart: attempt.weekStart,
      });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe(attempt.code);
      expect(body.errors?.[0]?.message).not.toMatch(/SELECT|prisma|at /);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('the core function throws typed errors', async () => {
    const call = (regionId: number, weekStart: string) =>
      weeklyReport(api.db.prisma, { regionId, weekStart }, { now: testNow });
    await expect(call(city.id, plusDays(lastWeek, 2))).rejects.toBeInstanceOf(ValidationError);
    await expect(call(city.id, '2026-1-5')).rejects.toBeInstanceOf(ValidationError);
    await expect(call(999_999, lastWeek)).rejects.toBeInstanceOf(NotFoundError);
    await expect(call(-1, lastWeek)).rejects.toBeInstanceOf(ValidationError);
  });
});

// ─── Screening rounds and zero reports (排查, 零报告) ───

const fileMutation = `mutation($input: FileScreeningInput!) { fileScreening(input: $input) {
  __typename
  ... on Error { code message }
  ... on ValidationError { issues { path message } }
  ... on FileScreeningSuccess { screening { id screenedOn householdsVisited disputesFound zeroReport campaign grid { id } } }
} }`;

describe('fileScreening', () => {
  const today = chinaDay(testNow.getTime());
  let gridId: number;
  beforeAll(() => {
    gridId = expectedReport(rows, town, thisMonday).silentGridIds[0]!;
  });

  it('files a zero report that the weekly report then shows; a second one that day is a conflict', async () => {
    const before = await rowCounts();
    const { body } = await api.graphql(fileMutation, {
      input: {
        gridId: globalId('Grid', gridId),
        screenedOn: today,
        householdsVisited: 42,
        disputesFound: 0,
        zeroReport: true,
        notes: '本周走访42户,未发现矛盾纠纷,零报告。',
      },
    });
    expect(body.errors).toBeUndefined();
    const filed = body.data!.fileScreening;
    expect(filed.__typename).toBe('FileScreeningSuccess');
    expect(filed.screening).toMatchObject({
      screenedOn: today,
      householdsVisited: 42,
      disputesFound: 0,
      zeroReport: true,
      campaign: null,
      grid: { id: globalId('Grid', gridId) },
    });
    expect((await rowCounts()).screenings).toBe(before.screenings + 1);
    const row = await api.db.prisma.screening.findFirstOrThrow({
      where: { gridId },
      orderBy: { id: 'desc' },
    });
    // filed by the signed-in caller (the test api's default admin)
    const admin = await api.db.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    expect(row).toMatchObject({ householdsVisited: 42, zeroReport: true, reporterId: admin.id });
    expect(row.screenedOn.toISOString().slice(0, 10)).toBe(today);

    const report = await weeklyReport(
      api.db.prisma,
      { regionId: town.id, weekStart: thisMonday },
      { now: testNow },
    );
    expect(report.zeroReportGridIds).toEqual([gridId]);
    expect(report.silentGridIds).not.toContain(gridId);
    expect(report.screening).toMatchObject({
      rounds: 1,
      householdsVisited: 42,
      zeroReports: 1,
      gridsReporting: 1,
    });

    const again = await api.graphql(fileMutation, {
      input: {
        gridId: globalId('Grid', gridId),
        screenedOn: today,
        householdsVisited: 5,
        disputesFound: 0,
        zeroReport: true,
      },
    });
    expect(again.body.data!.fileScreening).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect((await rowCounts()).screenings).toBe(before.screenings + 1);
  });

  it('a round that found disputes can follow a zero report on the same day', async () => {
    const { body } = await api.graphql(fileMutation, {
      input: {
        gridId: globalId('Grid', gridId),
        screenedOn: today,
        householdsVisited: 12,
        disputesFound: 2,
        campaign: '节前矛盾纠纷集中排查',
      },
    });
    expect(body.data!.fileScreening).toMatchObject({
      __typename: 'FileScreeningSuccess',
      screening: { disputesFound: 2, zeroReport: false, campaign: '节前矛盾纠纷集中排查' },
    });
  });

  const bad: { name: string; input: () => Record<string, unknown>; typename: string; path?: string }[] = [
    {
      name: 'a zero report that found disputes',
      input: () => ({ disputesFound: 3, zeroReport: true }),
      typename: 'ValidationError',
      path: 'disputesFound',
    },
    {
      name: 'nothing found without saying it is a zero report',
      input: () => ({ disputesFound: 0, zeroReport: false }),
      typename: 'ValidationError',
      path: 'zeroReport',
    },
    {
      name: 'negative households',
      input: () => ({ householdsVisited: -1 }),
      typename: 'ValidationError',
      path: 'householdsVisited',
    },
    {
      name: 'negative disputes',
      input: () => ({ disputesFound: -2 }),
      typename: 'ValidationError',
      path: 'disputesFound',
    },
    {
      name: 'a date in the future',
      input: () => ({ screenedOn: plusDays(today, 1) }),
      typename: 'ValidationError',
      path: 'screenedOn',
    },
    {
      name: 'a malformed date',
      input: () => ({ screenedOn: '2026/11/20' }),
      typename: 'ValidationError',
      path: 'screenedOn',
    },
    {
      name: 'an impossible date',
      input: () => ({ screenedOn: '2026-02-29' }),
      typename: 'ValidationError',
      path: 'screenedOn',
    },
    {
      name: 'an unknown grid',
      input: () => ({ gridId: globalId('Grid', 999_999) }),
      typename: 'NotFoundError',
    },
  ];
  for (const attempt of bad) {
    it(`${attempt.name} → ${attempt.typename}, nothing changed`, async () => {
      const before = await rowCounts();
      const { body } = await api.graphql(fileMutation, {
        input: {
          gridId: globalId('Grid', gridId),
          screenedOn: plusDays(today, -1),
          householdsVisited: 30,
          disputesFound: 1,
          ...attempt.input(),
        },
      });
      expect(body.errors).toBeUndefined();
      const result = body.data!.fileScreening;
      expect(result.__typename).toBe(attempt.typename);
      if (attempt.path) {
        expect(result.issues.map((issue: { path: string }) => issue.path)).toContain(attempt.path);
      }
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('records the grid worker who files; a worker of another grid is forbidden', async () => {
    const worker = await api.db.prisma.user.findFirstOrThrow({
      where: { role: 'GRID_WORKER', gridMemberships: { some: {} } },
      include: { gridMemberships: true },
      orderBy: { id: 'asc' },
    });
    const own = worker.gridMemberships[0]!.gridId;
    const actor = (await loadUserPrincipal(api.db.prisma, { id: worker.id }))!;
    const filed = await fileScreening(
      api.db.prisma,
      actor,
      { gridId: own, screenedOn: plusDays(today, -2), householdsVisited: 18, disputesFound: 1 },
      { now: testNow },
    );
    expect(filed.reporterId).toBe(worker.id);

    const before = await rowCounts();
    const other = rows.grids.find((g) => !worker.gridMemberships.some((m) => m.gridId === g.id))!.id;
    await expect(
      fileScreening(
        api.db.prisma,
        actor,
        { gridId: other, screenedOn: today, householdsVisited: 1, disputesFound: 0, zeroReport: true },
        { now: testNow },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      fileScreening(
        api.db.prisma,
        actor,
        { gridId: own, screenedOn: today, householdsVisited: 1, disputesFound: 0, zeroReport: true },
        { now: testNow },
      ),
    ).resolves.toMatchObject({ zeroReport: true });
    await expect(
      fileScreening(
        api.db.prisma,
        actor,
        { gridId: own, screenedOn: today, householdsVisited: 1, disputesFound: 0, zeroReport: true },
        { now: testNow },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await rowCounts()).screenings).toBe(before.screenings + 1);
  });
});

describe('screenings connections', () => {
  it('lists a grid’s rounds newest first and filters the root list', async () => {
    const grid = rows.grids[0]!;
    const filed = rows.screenings.filter((s) => s.gridId === grid.id);
    const { body } = await api.graphql(
      `query($id: ID!, $filter: ScreeningFilter) {
        node(id: $id) { ... on Grid { screenings(first: 3) { totalCount edges { node { screenedOn grid { id } } } } } }
        screenings(first: 100, filter: $filter) { totalCount edges { node { screenedOn zeroReport } } }
      }`,
      {
        id: globalId('Grid', grid.id),
        filter: {
          regionId: globalId('Region', town.id),
          from: lastWeek,
          to: plusDays(lastWeek, 6),
          zeroReport: true,
        },
      },
    );
    expect(body.errors).toBeUndefined();
    const own = body.data!.node.screenings;
    expect(own.totalCount).toBeGreaterThanOrEqual(filed.length);
    const days = own.edges.map((e: { node: { screenedOn: string } }) => e.node.screenedOn);
    expect(days).toEqual([...days].sort().reverse());
    const listed = body.data!.screenings;
    expect(listed.totalCount).toBe(expectedReport(rows, town, lastWeek).screening.zeroReports);
    expect(listed.edges.every((e: { node: { zeroReport: boolean } }) => e.node.zeroReport)).toBe(true);
  });

  it('a bad filter is a typed error', async () => {
    const { body } = await api.graphql(
      `query { screenings(first: 5, filter: { from: "2026-11-30", to: "2026-11-01" }) { totalCount } }`,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });
});
