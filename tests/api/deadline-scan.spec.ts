import {
  type CaseEventNotice,
  createCaseWorkflow,
  createDeadlinePolicy,
  type Database,
  type Logger,
  openDatabase,
  type ReportCaseInput,
  scanDeadlines,
  startDeadlineScanner,
  syncBuiltInCalendar,
  systemActor,
} from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testNow } from '../support/template.js';
import { createTestApi, type TestApi } from '../support/test-api.js';

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
/** An instant given as China time. */
const china = (local: string) => new Date(`${local}+08:00`);
const endOfChinaDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`).toISOString();

let api: TestApi;
/** A second connection pool on the same database (PostgreSQL), so two scanners really race. */
let second: Database | undefined;

beforeAll(async () => {
  api = await createTestApi();
  if (api.db.kind === 'postgres') {
    const [row] = await api.db.prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${row!.name}`;
    second = await openDatabase({ databaseUrl: url.toString(), migrate: false, poolSize: 4 });
  }
});
afterAll(async () => {
  await second?.close();
  await api.close();
});

async function caseInput(overrides: Partial<ReportCaseInput> = {}): Promise<ReportCaseInput> {
  const grid = await api.db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' } });
  return {
    title: '楼上漏水引发邻里纠纷',
    facts: '楼上住户卫生间漏水，楼下天花板受损，双方就维修费用协商未果。',
    category: 'NEIGHBORHOOD',
    source: 'WALK_IN',
    gridId: grid.id,
    parties: [
      { role: 'APPLICANT', name: '王秀英' },
      { role: 'RESPONDENT', name: '李建国' },
    ],
    ...overrides,
  };
}

describe('the deadline scan', () => {
  it('records one due-soon and one overdue event per deadline, across holidays, with two scanners racing', async () => {
    let clock = china('2026-09-29T09:00:00');
    const workflow = createCaseWorkflow({
      prisma: api.db.prisma,
      clock: () => clock,
      deadlines: createDeadlinePolicy(),
    });
    const actor = systemActor('test');

    // Reported on Tuesday 29 September: accept by the end of Wednesday 30th; first scanned when overdue.
    const early = (await workflow.report(actor, await caseInput({ title: '国庆节前两天登记的纠纷' }))).case;
    // Reported on Wednesday 30 September, the day before 国庆节 (1–7 October): accept by the end of the 8th.
    clock = china('2026-09-30T10:00:00');
    const beforeHoliday = (await workflow.report(actor, await caseInput({ title: '国庆节前一天登记的纠纷' })))
      .case;
    const acceptedInTime = (await workflow.report(actor, await caseInput({ title: '按时受理的纠纷' }))).case;
    expect(early.acceptDeadline!.toISOString()).toBe(endOfChinaDay('2026-09-30'));
    expect(beforeHoliday.acceptDeadline!.toISOString()).toBe(endOfChinaDay('2026-10-08'));
    expect(beforeHoliday.resolveDeadline!.toISOString()).toBe(endOfChinaDay('2026-10-30'));

    const notices: CaseEventNotice[] = [];
    const scanAt = async (local: string) => {
      clock = china(local);
      const options = { now: clock, dueSoonHours: 24, batchSize: 10 };
      const results = await Promise.all([
        scanDeadlines(api.db.prisma, options),
        scanDeadlines((second ?? api.db).prisma, options),
      ]);
      notices.push(...results.flat());
    };
    const alerts = async (caseId: number) =>
      (
        await api.db.prisma.caseEvent.findMany({
          where: { caseId, type: { in: ['DEADLINE_DUE_SOON', 'DEADLINE_OVERDUE'] } },
          orderBy: { id: 'asc' },
        })
      ).map((event) => ({
        type: event.type,
        data: event.data,
        actorLabel: event.actorLabel,
        at: event.createdAt.toISOString(),
      }));

    await scanAt('2026-10-01T12:00:00'); // 国庆节: the 8 October deadline is a week away
    expect(await alerts(beforeHoliday.id)).toEqual([]);
    await scanAt('2026-10-05T12:00:00');
    expect(await alerts(beforeHoliday.id)).toEqual([]);

    await scanAt('2026-10-08T08:00:00'); // the first working day after the holiday: due soon
    clock = china('2026-10-08T10:00:00');
    const accepted = await workflow.accept(actor, acceptedInTime.id, { version: acceptedInTime.version });
    expect(accepted.case.status).toBe('ACCEPTED');
    await scanAt('2026-10-08T20:00:00'); // still due soon: nothing new
    await scanAt('2026-10-09T00:30:00'); // overdue
    await scanAt('2026-10-09T09:00:00');

    const accept = (deadline: string) => ({ kind: 'ACCEPT', deadline });
    expect(await alerts(beforeHoliday.id)).toEqual([
      {
        type: 'DEADLINE_DUE_SOON',
        data: accept(endOfChinaDay('2026-10-08')),
        actorLabel: 'deadline-scan',
        at: china('2026-10-08T08:00:00').toISOString(),
      },
      {
        type: 'DEADLINE_OVERDUE',
        data: accept(endOfChinaDay('2026-10-08')),
        actorLabel: 'deadline-scan',
        at: china('2026-10-09T00:30:00').toISOString(),
      },
    ]);
    // Already overdue when first scanned: the overdue event only, no late "due soon".
    expect((await alerts(early.id)).map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'DEADLINE_OVERDUE', data: accept(endOfChinaDay('2026-09-30')) },
    ]);
    // Accepted before its deadline passed: due soon, then nothing.
    expect((await alerts(acceptedInTime.id)).map(({ type }) => type)).toEqual(['DEADLINE_DUE_SOON']);

    // Friday 9 October, 16:00: one working day is Saturday the 10th (调休上班), not Monday the 12th.
    clock = china('2026-10-09T16:00:00');
    const beforeMakeUpDay = (
      await workflow.report(actor, await caseInput({ title: '调休上班前一天登记的纠纷' }))
    ).case;
    expect(beforeMakeUpDay.acceptDeadline!.toISOString()).toBe(endOfChinaDay('2026-10-10'));
    await scanAt('2026-10-09T17:00:00');
    expect(await alerts(beforeMakeUpDay.id)).toEqual([]);
    await scanAt('2026-10-10T08:00:00');
    await scanAt('2026-10-11T09:00:00');
    expect((await alerts(beforeMakeUpDay.id)).map(({ type, at }) => ({ type, at }))).toEqual([
      { type: 'DEADLINE_DUE_SOON', at: china('2026-10-10T08:00:00').toISOString() },
      { type: 'DEADLINE_OVERDUE', at: china('2026-10-11T09:00:00').toISOString() },
    ]);

    // Up to the demo data's today: hundreds of demo cases cross at once, in several batches, both
    // scanners working through the same candidates.
    await scanAt('2026-11-23T10:00:00');
    await scanAt('2026-11-23T10:01:00');
    expect(notices.length).toBeGreaterThan(50);

    // Every crossing of every case: one alert row, one event, one notice.
    const events = await api.db.prisma.caseEvent.findMany({
      where: { type: { in: ['DEADLINE_DUE_SOON', 'DEADLINE_OVERDUE'] } },
    });
    const keys = events.map((event) => {
      const data = event.data as { kind: string; deadline: string };
      return `${event.caseId}/${data.kind}/${event.type}/${data.deadline}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
    expect(await api.db.prisma.deadlineAlert.count()).toBe(events.length);
    expect(notices.map((notice) => notice.event.id).sort((a, b) => a - b)).toEqual(
      events.map((event) => event.id).sort((a, b) => a - b),
    );
    const versions = await api.db.prisma.case.findMany({
      where: { id: { in: [early.id, beforeHoliday.id, beforeMakeUpDay.id] } },
      select: { version: true },
    });
    expect(versions.map((v) => v.version)).toEqual([1, 1, 1]); // scanning never makes an edit stale
  });
});

describe('the deadline scanner', () => {
  const recordingLogger = () => {
    const lines: { level: string; fields: unknown; message: string }[] = [];
    const log = (level: string) => (fields: unknown, message: string) =>
      lines.push({ level, fields, message });
    return {
      lines,
      logger: { info: log('info'), error: log('error'), warn: log('warn') } as unknown as Logger,
    };
  };

  it('scans at start, publishes what it recorded, and stops after the scan under way', async () => {
    const { logger } = recordingLogger();
    let publish!: (notices: CaseEventNotice[]) => void;
    const published = new Promise<CaseEventNotice[]>((resolve) => {
      publish = resolve;
    });
    const scanner = startDeadlineScanner({
      prisma: api.db.prisma,
      logger,
      intervalSeconds: 3600,
      dueSoonHours: 24,
      clock: () => china('2027-01-31T10:00:00'), // the demo cases' resolve deadlines have passed by then
      publish,
    });
    const notices = await published;
    await scanner.stop();
    expect(notices.length).toBeGreaterThan(0);
    const stored = await api.db.prisma.caseEvent.count({
      where: { id: { in: notices.map((notice) => notice.event.id) }, actorLabel: 'deadline-scan' },
    });
    expect(stored).toBe(notices.length);
  });

  it('logs a failed scan without its message and keeps going; 0 seconds turns it off', async () => {
    const { lines, logger } = recordingLogger();
    let attempts = 0;
    const failing = {
      $queryRaw: async () => {
        attempts++;
        throw Object.assign(new Error('duplicate value 13800138000'), { code: 'P2010' });
      },
    } as unknown as Database['prisma'];
    const published: CaseEventNotice[][] = [];
    const scanner = startDeadlineScanner({
      prisma: failing,
      logger,
      intervalSeconds: 3600,
      dueSoonHours: 24,
      publish: (notices) => published.push(notices),
    });
    await vi.waitFor(() => expect(attempts).toBe(1));
    await scanner.stop();
    expect(lines).toEqual([
      {
        level: 'error',
        fields: { err: { type: 'Error', code: 'P2010' } },
        message: 'deadline scan failed; retrying at the next tick',
      },
    ]);
    expect(published).toEqual([]);

    const off = startDeadlineScanner({
      prisma: failing,
      logger,
      intervalSeconds: 0,
      dueSoonHours: 24,
      publish: (notices) => published.push(notices),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await off.stop();
    expect(attempts).toBe(1);
  });
});

describe('deadlines through the API', () => {
  const report = async (input: Record<string, unknown>) => {
    const grid = await api.db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const { body } = await api.graphql(
      `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
        __typename ... on ReportCaseSuccess { case { reportedAt acceptDeadline resolveDeadline } }
        ... on Error { code message }
      } }`,
      {
        input: {
          title: '外卖平台退款纠纷',
          facts: '消费者因外卖平台拒绝退款与商家发生争执，报警后移交调解。',
          category: 'CONSUMER',
          gridId: globalId('Grid', grid.id),
          parties: [{ role: 'APPLICANT', name: '赵敏' }],
          ...input,
        },
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.reportCase.__typename).toBe('ReportCaseSuccess');
    return body.data!.reportCase.case as {
      reportedAt: string;
      acceptDeadline: string;
      resolveDeadline: string;
    };
  };

  // The test clock: Monday 23 November 2026, 10:00 in China.
  it('answers police referrals within 24 h and resolves them within 5 days (警调对接)', async () => {
    const kase = await report({ source: 'POLICE_REFERRAL' });
    expect(kase.reportedAt).toBe(testNow.toISOString());
    expect(kase.acceptDeadline).toBe(new Date(testNow.getTime() + 24 * 3_600_000).toISOString());
    expect(kase.resolveDeadline).toBe(endOfChinaDay('2026-11-28'));
  });

  it('accepts green-channel cases the same day (绿色通道)', async () => {
    const kase = await report({ source: 'HOTLINE', greenChannel: true });
    expect(kase.acceptDeadline).toBe(endOfChinaDay('2026-11-23'));
    expect(kase.resolveDeadline).toBe(endOfChinaDay('2026-12-08'));
  });

  it('gives other cases one working day, following the calendar an operator changed', async () => {
    expect((await report({ source: 'WALK_IN' })).acceptDeadline).toBe(endOfChinaDay('2026-11-24'));

    const set = await api.graphql(
      `mutation($input: [CalendarDayInput!]!) { setCalendarDays(input: $input) {
        __typename ... on SetCalendarDaysSuccess { days { date kind name builtIn } }
      } }`,
      { input: [{ date: '2026-11-24', kind: 'HOLIDAY', name: '测试停工日' }] },
    );
    expect(set.body.data!.setCalendarDays.days).toEqual([
      { date: '2026-11-24', kind: 'HOLIDAY', name: '测试停工日', builtIn: false },
    ]);
    expect((await report({ source: 'WALK_IN' })).acceptDeadline).toBe(endOfChinaDay('2026-11-25'));

    const removed = await api.graphql(
      `mutation { removeCalendarDay(date: "2026-11-24") {
        __typename ... on RemoveCalendarDaySuccess { day { date } } ... on Error { code }
      } }`,
    );
    expect(removed.body.data!.removeCalendarDay).toEqual({
      __typename: 'RemoveCalendarDaySuccess',
      day: { date: '2026-11-24' },
    });
    expect((await report({ source: 'WALK_IN' })).acceptDeadline).toBe(endOfChinaDay('2026-11-24'));
  });
});

describe('the holiday calendar API', () => {
  it('lists a year, built-in days marked', async () => {
    const { body } = await api.graphql(`{ calendarDays(year: 2026) { date kind name builtIn } }`);
    const days = body.data!.calendarDays as { date: string; kind: string; name: string; builtIn: boolean }[];
    expect(days).toHaveLength(39); // 33 days off in 7 spans, 6 make-up working days
    expect(days.find((day) => day.date === '2026-10-10')).toEqual({
      date: '2026-10-10',
      kind: 'WORKDAY',
      name: '国庆节调休上班',
      builtIn: true,
    });
    expect(days.map((day) => day.date)).toEqual([...days.map((day) => day.date)].sort());
    const none = await api.graphql(`{ calendarDays(year: 2027) { date } }`);
    expect(none.body.data!.calendarDays).toEqual([]);
  });

  it('keeps an operator change of a built-in day across a sync', async () => {
    const { body } = await api.graphql(
      `mutation($input: [CalendarDayInput!]!) { setCalendarDays(input: $input) {
        __typename ... on SetCalendarDaysSuccess { days { date kind name builtIn } }
      } }`,
      { input: [{ date: '2026-10-10', kind: 'HOLIDAY', name: '国庆节(取消调休)' }] },
    );
    expect(body.data!.setCalendarDays.days).toEqual([
      { date: '2026-10-10', kind: 'HOLIDAY', name: '国庆节(取消调休)', builtIn: true },
    ]);
    await api.db.prisma.calendarDay.delete({ where: { date: new Date('2026-10-01T00:00:00Z') } });
    expect(await syncBuiltInCalendar(api.db.prisma)).toEqual({ inserted: 1 }); // the missing day only
    const again = await api.graphql(`{ calendarDays(year: 2026) { date kind name } }`);
    const days = again.body.data!.calendarDays as { date: string; kind: string; name: string }[];
    expect(days.find((day) => day.date === '2026-10-10')).toEqual({
      date: '2026-10-10',
      kind: 'HOLIDAY',
      name: '国庆节(取消调休)',
    });
    expect(days.find((day) => day.date === '2026-10-01')).toMatchObject({ kind: 'HOLIDAY', name: '国庆节' });
  });

  it('answers bad input with typed errors and changes nothing', async () => {
    const before = await api.db.prisma.calendarDay.count();
    const bad = await api.graphql(
      `mutation($input: [CalendarDayInput!]!) { setCalendarDays(input: $input) {
        __typename ... on ValidationError { issues { path message } }
      } }`,
      {
        input: [
          { date: '2027-01-01', kind: 'HOLIDAY', name: '元旦' },
          { date: '2026-02-30', kind: 'HOLIDAY', name: '不存在的日子' },
          { date: '2027-01-01', kind: 'HOLIDAY', name: '元旦' },
        ],
      },
    );
    expect(bad.body.data!.setCalendarDays.__typename).toBe('ValidationError');
    expect(bad.body.data!.setCalendarDays.issues).toEqual([
      { path: '1.date', message: 'must be a date written YYYY-MM-DD, e.g. 2026-10-01' },
      { path: '2.date', message: '2027-01-01 is given twice' },
    ]);
    expect(await api.db.prisma.calendarDay.count()).toBe(before);

    const builtIn = await api.graphql(
      `mutation { removeCalendarDay(date: "2026-10-01") { __typename ... on Error { code message } } }`,
    );
    expect(builtIn.body.data!.removeCalendarDay).toMatchObject({ __typename: 'ValidationError' });
    expect(builtIn.body.data!.removeCalendarDay.message).toContain('change it with setCalendarDays');
    const missing = await api.graphql(
      `mutation { removeCalendarDay(date: "2026-12-01") { __typename ... on Error { code } } }`,
    );
    expect(missing.body.data!.removeCalendarDay).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const year = await api.graphql(`{ calendarDays(year: 1900) { date } }`);
    expect(year.body.errors![0]!.extensions!.code).toBe('VALIDATION_FAILED');
    expect(await api.db.prisma.calendarDay.count()).toBe(before);
  });
});
