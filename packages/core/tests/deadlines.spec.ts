import { describe, expect, it } from 'vitest';
import { ConfigError, loadPlatformSettings as loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import {
  calendarWindow,
  createDeadlinePolicy,
  deadlineAfter,
  deadlinePolicyConfig,
  defaultDeadlineRules,
  matchDeadlineRule,
} from '../src/deadlines/deadline-policy.js';
import { builtInCalendarDays, builtInHolidaySchedules } from '../src/deadlines/holidays-cn.js';
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingDaysToDate,
  chinaDate,
  countWorkingDays,
  dayOfWeek,
  endOfChinaDate,
  isCivilDate,
  isWorkingDay,
  nextWorkingDay,
  startOfChinaDate,
  workingCalendar,
} from '../src/deadlines/working-days.js';
import type { Case } from '../src/generated/prisma/client.js';

const calendar = workingCalendar(builtInCalendarDays());
/** An instant given as China time. */
const china = (local: string) => new Date(`${local}+08:00`);
const endOf = (date: string) => endOfChinaDate(date).toISOString();

describe('the built-in holiday calendar (国务院办公厅关于2026年部分节假日安排的通知)', () => {
  const days = builtInCalendarDays();

  it('has the 2026 spans with the weekdays the notice gives them', () => {
    const [schedule] = builtInHolidaySchedules;
    const spans = schedule!.holidays.map((span) => ({
      name: span.name,
      weekdays: [dayOfWeek(span.from), dayOfWeek(span.to)],
      days: days.filter((day) => day.kind === 'HOLIDAY' && day.name === span.name).length,
    }));
    expect(spans).toEqual([
      { name: '元旦', weekdays: [4, 6], days: 3 }, // 1月1日(周四)至3日(周六), 共3天
      { name: '春节', weekdays: [0, 1], days: 9 }, // 2月15日(周日)至23日(周一), 共9天
      { name: '清明节', weekdays: [6, 1], days: 3 },
      { name: '劳动节', weekdays: [5, 2], days: 5 },
      { name: '端午节', weekdays: [5, 0], days: 3 },
      { name: '中秋节', weekdays: [5, 0], days: 3 },
      { name: '国庆节', weekdays: [4, 3], days: 7 }, // 10月1日(周四)至7日(周三), 共7天
    ]);
  });

  it('has the make-up working days (调休上班), all on weekends', () => {
    const workdays = days.filter((day) => day.kind === 'WORKDAY');
    expect(workdays.map((day) => day.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    for (const day of workdays) expect([0, 6]).toContain(dayOfWeek(day.date));
  });

  it('lists each date once and builds in no unverified year', () => {
    expect(new Set(days.map((day) => day.date)).size).toBe(days.length);
    expect(days.every((day) => day.date.startsWith('2026-'))).toBe(true);
  });
});

describe('dates in China time', () => {
  it('reads the date in UTC+8', () => {
    expect(chinaDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(chinaDate(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-10-01');
    expect(startOfChinaDate('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(endOf('2026-10-01')).toBe('2026-10-01T15:59:59.999Z');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('checks that a date exists', () => {
    expect(isCivilDate('2026-02-28')).toBe(true);
    expect(isCivilDate('2026-02-29')).toBe(false);
    expect(isCivilDate('2026-2-28')).toBe(false);
    expect(() => addCalendarDays('2026-13-01', 1)).toThrow(RangeError);
  });
});

describe('working days', () => {
  it('skips holidays and weekends and counts make-up Saturdays and Sundays', () => {
    expect(isWorkingDay(calendar, '2026-09-30')).toBe(true); // Wednesday before 国庆节
    expect(isWorkingDay(calendar, '2026-10-01')).toBe(false); // 国庆节, a Thursday
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true); // 调休上班, a Saturday
    expect(isWorkingDay(calendar, '2026-10-11')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay(calendar, '2026-09-20')).toBe(true); // 调休上班, a Sunday
    expect(isWorkingDay(calendar, '2026-02-23')).toBe(false); // 春节, a Monday
    expect(nextWorkingDay(calendar, '2026-10-03')).toBe('2026-10-08');
    expect(nextWorkingDay(calendar, '2026-10-08')).toBe('2026-10-08');
  });

  it('lands a case reported the day before 国庆节 after the holiday', () => {
    const reported = china('2026-09-30T10:00:00');
    expect(addWorkingDays(calendar, reported, 1).toISOString()).toBe(endOf('2026-10-08'));
    // late in the evening is still 30 September in China (already 1 October in UTC+9 and beyond)
    expect(addWorkingDays(calendar, china('2026-09-30T23:30:00'), 1).toISOString()).toBe(endOf('2026-10-08'));
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(addWorkingDays(calendar, china('2026-10-09T16:00:00'), 1).toISOString()).toBe(endOf('2026-10-10'));
    expect(addWorkingDays(calendar, china('2026-02-13T09:00:00'), 1).toISOString()).toBe(endOf('2026-02-14'));
    // then the whole 春节 break: the second working day after 13 February is 24 February
    expect(addWorkingDaysToDate(calendar, '2026-02-13', 2)).toBe('2026-02-24');
  });

  it('walks longer periods through the holiday and its make-up days', () => {
    // 29, 30 Sep; 8, 9, 10 (Sat, 调休), 12 … 16 Oct
    expect(addWorkingDaysToDate(calendar, '2026-09-28', 10)).toBe('2026-10-16');
    // 0 working days: the same day when it is a working day, else the next one
    expect(addWorkingDaysToDate(calendar, '2026-09-30', 0)).toBe('2026-09-30');
    expect(addWorkingDaysToDate(calendar, '2026-10-04', 0)).toBe('2026-10-08');
    expect(() => addWorkingDaysToDate(calendar, '2026-10-04', -1)).toThrow(RangeError);
  });

  it('counts the working days of a month', () => {
    // October 2026: 22 weekdays, 5 of them 国庆节 (1, 2, 5, 6, 7), plus Saturday the 10th
    expect(countWorkingDays(calendar, '2026-10-01', '2026-10-31')).toBe(18);
    expect(countWorkingDays(calendar, '2026-10-31', '2026-10-01')).toBe(0);
  });

  it('treats a year without a schedule by the plain weekday rule', () => {
    expect(isWorkingDay(calendar, '2027-01-01')).toBe(true); // a Friday; no 2027 schedule built in
  });

  it('refuses to answer outside the loaded range instead of guessing', () => {
    const loaded = workingCalendar(builtInCalendarDays(), { from: '2026-09-30', to: '2026-10-05' });
    expect(() => addWorkingDaysToDate(loaded, '2026-09-30', 1)).toThrow(/loaded for 2026-09-30..2026-10-05/);
  });
});

describe('the deadline policy', () => {
  const subject = {
    source: 'WALK_IN',
    category: 'NEIGHBORHOOD',
    riskLevel: 'LOW',
    greenChannel: false,
  } as const;

  it('matches the first rule: police referral, green channel, then the default', () => {
    const name = (over: Partial<typeof subject> | { greenChannel: boolean }) =>
      matchDeadlineRule(defaultDeadlineRules, { ...subject, ...over }).name;
    expect(name({})).toBe('默认');
    expect(name({ source: 'POLICE_REFERRAL' } as never)).toBe('警调对接');
    expect(name({ greenChannel: true })).toBe('绿色通道');
    expect(name({ source: 'POLICE_REFERRAL', greenChannel: true } as never)).toBe('警调对接·绿色通道');
  });

  it('computes hours as clock time and days as the end of a China calendar day', () => {
    const start = china('2026-09-30T10:00:00');
    expect(deadlineAfter(undefined, start, { hours: 24 }).toISOString()).toBe('2026-10-01T02:00:00.000Z');
    expect(deadlineAfter(undefined, start, { days: 0 }).toISOString()).toBe(endOf('2026-09-30'));
    expect(deadlineAfter(undefined, start, { days: 30 }).toISOString()).toBe(endOf('2026-10-30'));
    expect(deadlineAfter(calendar, start, { workingDays: 1 }).toISOString()).toBe(endOf('2026-10-08'));
    expect(calendarWindow(start, [{ hours: 24 }, { days: 5 }])).toBeUndefined();
    expect(calendarWindow(start, [{ workingDays: 1 }, { days: 30 }])).toEqual({
      from: '2026-09-30',
      to: '2026-11-12',
    });
  });

  it('reads the calendar once per computation, for the window it needs', async () => {
    const queries: unknown[] = [];
    const days = builtInCalendarDays();
    const db = {
      calendarDay: {
        findMany: async (args: { where: { date: { gte: Date; lte: Date } } }) => {
          queries.push(args.where.date);
          const { gte, lte } = args.where.date;
          return days
            .map((day) => ({ date: new Date(`${day.date}T00:00:00.000Z`), kind: day.kind }))
            .filter((day) => day.date >= gte && day.date <= lte);
        },
      },
    } as unknown as Db;
    const policy = createDeadlinePolicy();
    const reportedAt = china('2026-09-30T10:00:00');

    const walkIn = await policy.initial(db, { ...subject, reportedAt });
    expect(walkIn.acceptDeadline.toISOString()).toBe(endOf('2026-10-08'));
    expect(walkIn.resolveDeadline.toISOString()).toBe(endOf('2026-10-30'));
    expect(queries).toHaveLength(1);

    const police = await policy.initial(db, { ...subject, source: 'POLICE_REFERRAL', reportedAt });
    expect(police.acceptDeadline.toISOString()).toBe('2026-10-01T02:00:00.000Z');
    expect(police.resolveDeadline.toISOString()).toBe(endOf('2026-10-05'));
    expect(queries).toHaveLength(1); // clock time only: no query

    const resolved = { ...subject, greenChannel: false } as unknown as Case;
    // 15 working days after Friday 18 September: 21 … 30 Sep (8, with the 20th a make-up Sunday
    // counted: 20, 21, 22, 23, 24, 28, 29, 30), then 8, 9, 10, 12, 13, 14, 15 Oct
    const followUp = await policy.followUp(db, resolved, china('2026-09-18T15:00:00'));
    expect(followUp.toISOString()).toBe(endOf('2026-10-15'));
    expect(queries).toHaveLength(2);
  });
});

describe('the deadlinePolicy configuration', () => {
  it('accepts rules from the config file, a single source or several, with a default last', () => {
    const config = loadConfig(
      {},
      {
        deadlinePolicy: {
          rules: [
            {
              name: '高风险',
              when: { minRiskLevel: 'HIGH' },
              acceptWithin: { hours: 4 },
              resolveWithin: { workingDays: 5 },
            },
            {
              when: { source: 'COURT_REFERRAL', category: ['DEBT', 'CONTRACT'] },
              acceptWithin: { workingDays: 2 },
              resolveWithin: { days: 20 },
              followUpWithin: { workingDays: 10 },
            },
            { acceptWithin: { workingDays: 1 }, resolveWithin: { days: 30 } },
          ],
        },
      },
    );
    const rules = config.deadlinePolicy!.rules;
    expect(rules.map((rule) => rule.name)).toEqual(['高风险', 'rule 2', 'rule 3']);
    expect(rules[1]).toMatchObject({
      when: { sources: ['COURT_REFERRAL'], categories: ['DEBT', 'CONTRACT'] },
      followUpWithin: { workingDays: 10 },
    });
    expect(rules[0]!.followUpWithin).toEqual({ workingDays: 15 });
    const subject = { source: 'WALK_IN', category: 'DEBT', greenChannel: false } as const;
    expect(matchDeadlineRule(rules, { ...subject, riskLevel: 'CRITICAL' }).name).toBe('高风险');
    expect(matchDeadlineRule(rules, { ...subject, riskLevel: 'MEDIUM' }).name).toBe('rule 3');
  });

  it('reads the DEADLINE_POLICY variable as JSON', () => {
    const config = loadConfig({
      DEADLINE_POLICY: JSON.stringify({
        rules: [{ acceptWithin: { hours: 8 }, resolveWithin: { days: 10 } }],
      }),
    });
    expect(config.deadlinePolicy!.rules[0]!.acceptWithin).toEqual({ hours: 8 });
    expect(loadConfig({}).deadlinePolicy).toBeUndefined();
  });

  it('says where a bad rule is and how to fix it', () => {
    const problems = (value: unknown) => {
      try {
        loadConfig({}, { deadlinePolicy: value });
        return expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
    };
    const message = problems({
      rules: [
        { when: { source: 'TELEGRAM' }, acceptWithin: { hours: 2, days: 1 }, resolveWithin: { weeks: 2 } },
        { acceptWithin: { days: 0 }, resolveWithin: { days: 15 } },
      ],
    });
    expect(message).toContain('DEADLINE_POLICY (deadlinePolicy.rules.0.when.source.0)');
    expect(message).toContain(
      'DEADLINE_POLICY (deadlinePolicy.rules.0.acceptWithin): give exactly one of "hours", "days" or "workingDays"',
    );
    expect(message).toContain('deadlinePolicy.rules.0.resolveWithin');
    expect(
      problems({
        rules: [{ when: { greenChannel: true }, acceptWithin: { days: 0 }, resolveWithin: { days: 15 } }],
      }),
    ).toContain(
      'DEADLINE_POLICY (deadlinePolicy.rules.0.when): the last rule is the default and must match every case',
    );
    expect(() => deadlinePolicyConfig.parse('{not json')).toThrow(/must be JSON/);
  });
});
