import { CalendarDayKind } from '../generated/prisma/enums.js';
import { addCalendarDays, type CalendarEntry, type CivilDate } from './working-days.js';

/**
 * The official public-holiday schedules (法定节假日放假调休安排) as published each year, usually in
 * November, by the General Office of the State Council (国务院办公厅关于 <year> 年部分节假日安排的通知).
 * Loaded into `CalendarDay` at start by `syncBuiltInCalendar`; operators add a year, or correct a
 * day, through the `setCalendarDays` mutation, and those rows are never overwritten.
 *
 * To add a year: copy the notice's dates below (days off as spans, make-up working days one by one),
 * cite the notice, and add a case to `packages/core/tests/deadlines.spec.ts`.
 *
 * 2027: the notice for 2027 could not be verified in the material available when this was written
 * (it is normally published in November 2026), so no 2027 dates are built in. Until it is added,
 * 2027 counts Monday–Friday as working days; operators add the schedule with `setCalendarDays`.
 */
export interface HolidaySchedule {
  year: number;
  /** The notice the dates come from. */
  source: string;
  /** Days off as published, weekends inside a span included. */
  holidays: { name: string; from: CivilDate; to: CivilDate }[];
  /** 调休上班: weekend days that are working days. */
  workdays: { name: string; date: CivilDate }[];
}

export const builtInHolidaySchedules: readonly HolidaySchedule[] = [
  {
    year: 2026,
    // Dated 2025-11-04; checked against the full text as released by 新华社 on that day
    // (e.g. https://politics.gmw.cn/2025-11/04/content_38391083.htm) and two other reprints.
    source: '国务院办公厅关于2026年部分节假日安排的通知 (2025年11月4日)',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: [
      { name: '元旦调休上班', date: '2026-01-04' },
      { name: '春节调休上班', date: '2026-02-14' },
      { name: '春节调休上班', date: '2026-02-28' },
      { name: '劳动节调休上班', date: '2026-05-09' },
      { name: '国庆节调休上班', date: '2026-09-20' },
      { name: '国庆节调休上班', date: '2026-10-10' },
    ],
  },
];

/** One day of the built-in calendar. */
export interface BuiltInCalendarDay extends CalendarEntry {
  name: string;
}

/** Every day of the built-in schedules, in date order. */
export function builtInCalendarDays(
  schedules: readonly HolidaySchedule[] = builtInHolidaySchedules,
): BuiltInCalendarDay[] {
  const days: BuiltInCalendarDay[] = [];
  for (const schedule of schedules) {
    for (const span of schedule.holidays) {
      for (let date = span.from; date <= span.to; date = addCalendarDays(date, 1)) {
        days.push({ date, kind: CalendarDayKind.HOLIDAY, name: span.name });
      }
    }
    for (const workday of schedule.workdays) {
      days.push({ date: workday.date, kind: CalendarDayKind.WORKDAY, name: workday.name });
    }
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
