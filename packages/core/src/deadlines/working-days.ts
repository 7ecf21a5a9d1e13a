import { CalendarDayKind } from '../generated/prisma/enums.js';

/**
 * Working-day arithmetic in China Standard Time (UTC+8, no daylight saving), as pure functions over
 * a loaded holiday calendar. Monday to Friday are working days unless the calendar says HOLIDAY;
 * Saturday and Sunday are days off unless the calendar says WORKDAY (调休上班).
 */

/** A calendar date in China, `YYYY-MM-DD`. */
export type CivilDate = string;

const hour = 3_600_000;
const day = 24 * hour;
const chinaOffset = 8 * hour;
/** No real period needs more; a longer walk means a calendar with every day off. */
const maxWalkDays = 3660;

const civilDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real `YYYY-MM-DD` date (not 2026-02-30). */
export function isCivilDate(value: string): value is CivilDate {
  const match = civilDatePattern.exec(value);
  if (!match) return false;
  const parsed = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return parsed.toISOString().slice(0, 10) === value;
}

function utcMidnight(date: CivilDate): number {
  if (!isCivilDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.parse(`${date}T00:00:00.000Z`);
}

/** The date in China at an instant. */
export function chinaDate(at: Date): CivilDate {
  return new Date(at.getTime() + chinaOffset).toISOString().slice(0, 10);
}

/** 00:00 China time of a date. */
export function startOfChinaDate(date: CivilDate): Date {
  return new Date(utcMidnight(date) - chinaOffset);
}

/** 23:59:59.999 China time of a date: the last instant of a period that ends on that day. */
export function endOfChinaDate(date: CivilDate): Date {
  return new Date(utcMidnight(date) + day - 1 - chinaOffset);
}

/** The date `n` calendar days after (or, negative, before) `date`. */
export function addCalendarDays(date: CivilDate, n: number): CivilDate {
  return new Date(utcMidnight(date) + n * day).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CivilDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** A `CalendarDay` row, or a built-in day, reduced to what the arithmetic needs. */
export interface CalendarEntry {
  date: CivilDate;
  kind: CalendarDayKind;
}

/**
 * The holiday calendar as loaded for one computation. When `range` is given the entries are only
 * known between those dates (inclusive), and asking about a date outside it throws rather than
 * silently treating an unloaded holiday as a working day.
 */
export interface WorkingCalendar {
  readonly entries: ReadonlyMap<CivilDate, CalendarDayKind>;
  readonly range?: { readonly from: CivilDate; readonly to: CivilDate };
}

export function workingCalendar(
  entries: Iterable<CalendarEntry>,
  range?: { from: CivilDate; to: CivilDate },
): WorkingCalendar {
  const map = new Map<CivilDate, CalendarDayKind>();
  for (const entry of entries) map.set(entry.date, entry.kind);
  return range ? { entries: map, range } : { entries: map };
}

export function isWorkingDay(calendar: WorkingCalendar, date: CivilDate): boolean {
  const { range } = calendar;
  if (range && (date < range.from || date > range.to)) {
    throw new RangeError(`the calendar was loaded for ${range.from}..${range.to}, not ${date}`);
  }
  const kind = calendar.entries.get(date);
  if (kind === CalendarDayKind.HOLIDAY) return false;
  if (kind === CalendarDayKind.WORKDAY) return true;
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6;
}

/** The first working day on or after `date`. */
export function nextWorkingDay(calendar: WorkingCalendar, date: CivilDate): CivilDate {
  let current = date;
  for (let step = 0; step <= maxWalkDays; step++) {
    if (isWorkingDay(calendar, current)) return current;
    current = addCalendarDays(current, 1);
  }
  throw new RangeError(`no working day within ${maxWalkDays} days of ${date}: check the holiday calendar`);
}

/**
 * The working day `n` working days after the date of `start` (the start day itself is not counted,
 * as with periods counted in days under 民法典 第二百零一条). With `n = 0`: the start day if it is a
 * working day, else the next working day.
 */
export function addWorkingDaysToDate(calendar: WorkingCalendar, date: CivilDate, n: number): CivilDate {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days must be a whole number ≥ 0, not ${n}`);
  if (n === 0) return nextWorkingDay(calendar, date);
  let current = date;
  let remaining = n;
  for (let step = 0; step <= maxWalkDays + n; step++) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(calendar, current) && --remaining === 0) return current;
  }
  throw new RangeError(
    `no ${n} working days within ${maxWalkDays} days of ${date}: check the holiday calendar`,
  );
}

/**
 * The deadline `n` working days after an instant: the end (24:00 China time, 民法典 第二百零三条)
 * of the n-th working day after the day of `start`. A case reported on the day before 国庆节 and
 * given one working day is due at the end of the first working day after the holiday.
 */
export function addWorkingDays(calendar: WorkingCalendar, start: Date, n: number): Date {
  return endOfChinaDate(addWorkingDaysToDate(calendar, chinaDate(start), n));
}

/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
export function countWorkingDays(calendar: WorkingCalendar, from: CivilDate, to: CivilDate): number {
  let count = 0;
  for (let current = from; current <= to; current = addCalendarDays(current, 1)) {
    if (isWorkingDay(calendar, current)) count++;
  }
  return count;
}

/**
 * How many calendar days a computation of `workingDays` working days may walk through: enough for
 * weekends plus the longest holiday runs (春节 and 国庆节 with their neighbouring weekends).
 */
export function workingDaysSpan(workingDays: number): number {
  return 3 * workingDays + 40;
}
