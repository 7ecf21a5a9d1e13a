import { z } from 'zod';
import type { Actor } from '../cases/actor.js';
import type { Db } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { CalendarDayKind } from '../generated/prisma/enums.js';
import { assertAdmin } from '../policy/jurisdiction.js';
import { parseInput } from '../validation/parse.js';
import { builtInCalendarDays } from './holidays-cn.js';
import { type CivilDate, isCivilDate, type WorkingCalendar, workingCalendar } from './working-days.js';

/** A `YYYY-MM-DD` date, checked to exist. */
export const civilDateField = z
  .string()
  .trim()
  .refine((value) => isCivilDate(value), 'must be a date written YYYY-MM-DD, e.g. 2026-10-01');

const year = z.number().int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier');

/** One day of the holiday calendar as the API shows it. */
export interface CalendarDayView {
  date: CivilDate;
  kind: CalendarDayKind;
  name: string;
  /** Part of the built-in schedule (its kind or name may since have been changed by an operator). */
  builtIn: boolean;
  updatedAt: Date;
}

const isRecordNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2025';

/** `@db.Date` columns travel as UTC midnight. */
const toDbDate = (date: CivilDate) => new Date(`${date}T00:00:00.000Z`);
const fromDbDate = (date: Date): CivilDate => date.toISOString().slice(0, 10);

const builtInDates = new Set(builtInCalendarDays().map((day) => day.date));

function view(row: { date: Date; kind: CalendarDayKind; name: string; updatedAt: Date }): CalendarDayView {
  const date = fromDbDate(row.date);
  return { date, kind: row.kind, name: row.name, builtIn: builtInDates.has(date), updatedAt: row.updatedAt };
}

/**
 * Inserts the built-in holiday schedules' days that are missing. Days already present are left as
 * they are (ON CONFLICT DO NOTHING), so an operator's corrections survive every restart. Safe to run
 * on several instances at once.
 */
export async function syncBuiltInCalendar(db: Db): Promise<{ inserted: number }> {
  const { count } = await db.calendarDay.createMany({
    data: builtInCalendarDays().map((day) => ({ date: toDbDate(day.date), kind: day.kind, name: day.name })),
    skipDuplicates: true,
  });
  return { inserted: count };
}

/** Loads the calendar between two dates (inclusive) for one computation: one small query. */
export async function loadWorkingCalendar(db: Db, from: CivilDate, to: CivilDate): Promise<WorkingCalendar> {
  const rows = await db.calendarDay.findMany({
    where: { date: { gte: toDbDate(from), lte: toDbDate(to) } },
    select: { date: true, kind: true },
  });
  return workingCalendar(
    rows.map((row) => ({ date: fromDbDate(row.date), kind: row.kind })),
    { from, to },
  );
}

/** The calendar days of one year, in date order. */
export async function listCalendarDays(db: Db, yearInput: number): Promise<CalendarDayView[]> {
  const wanted = parseInput(z.object({ year }), { year: yearInput }).year;
  const rows = await db.calendarDay.findMany({
    where: { date: { gte: toDbDate(`${wanted}-01-01`), lte: toDbDate(`${wanted}-12-31`) } },
    orderBy: { date: 'asc' },
  });
  return rows.map(view);
}

/** Of the given years, those with no calendar day at all (their schedule has not been added). */
export async function missingCalendarYears(db: Db, years: number[]): Promise<number[]> {
  const missing: number[] = [];
  for (const wanted of years) {
    const found = await db.calendarDay.findFirst({
      where: { date: { gte: toDbDate(`${wanted}-01-01`), lte: toDbDate(`${wanted}-12-31`) } },
      select: { date: true },
    });
    if (!found) missing.push(wanted);
  }
  return missing;
}

export const setCalendarDaysInput = z
  .array(
    z.object({
      date: civilDateField,
      kind: z.enum(CalendarDayKind),
      name: z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'),
    }),
  )
  .min(1, 'give at least one day')
  .max(400, 'give at most 400 days at once')
  .superRefine((days, ctx) => {
    const seen = new Set<string>();
    days.forEach((day, index) => {
      if (seen.has(day.date)) {
        ctx.addIssue({ code: 'custom', path: [index, 'date'], message: `${day.date} is given twice` });
      }
      seen.add(day.date);
    });
  });
export type SetCalendarDaysInput = z.input<typeof setCalendarDaysInput>;

/**
 * Adds or changes calendar days (a new year's 国务院办公厅 schedule, or a correction), all or
 * nothing. HOLIDAY makes a day a day off and WORKDAY a working day, whatever its weekday.
 */
export async function setCalendarDays(
  prisma: PrismaClient,
  actor: Actor,
  input: SetCalendarDaysInput,
): Promise<CalendarDayView[]> {
  assertAdmin(actor);
  const days = parseInput(setCalendarDaysInput, input);
  const rows = await prisma.$transaction(async (tx) => {
    const saved = [];
    for (const day of days) {
      const date = toDbDate(day.date);
      saved.push(
        await tx.calendarDay.upsert({
          where: { date },
          create: { date, kind: day.kind, name: day.name },
          update: { kind: day.kind, name: day.name },
        }),
      );
    }
    return saved;
  });
  return rows.map(view).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * Removes a calendar day added by an operator, so the date follows the plain weekday rule again.
 * A day of the built-in schedule is refused: it would come back at the next start.
 */
export async function removeCalendarDay(db: Db, actor: Actor, dateInput: string): Promise<CalendarDayView> {
  assertAdmin(actor);
  const { date } = parseInput(z.object({ date: civilDateField }), { date: dateInput });
  if (builtInDates.has(date)) {
    throw new ValidationError([
      {
        path: 'date',
        message:
          `${date} is part of the built-in schedule and would be restored at the next start; ` +
          'change it with setCalendarDays instead (kind WORKDAY makes it a working day, HOLIDAY a day off)',
      },
    ]);
  }
  try {
    return view(await db.calendarDay.delete({ where: { date: toDbDate(date) } }));
  } catch (error) {
    if (isRecordNotFound(error)) throw new NotFoundError('CalendarDay', date);
    throw error;
  }
}
