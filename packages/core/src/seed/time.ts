export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const SHANGHAI_OFFSET = 8 * HOUR;

/** The default `now` of the seed: today 00:00 UTC, so one day's demo data is stable. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY) * DAY);
}

/** 00:00 China Standard Time of the day containing `t` (epoch ms), as epoch ms. */
export function shanghaiDayStart(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
}

/** Minutes since 00:00 China Standard Time. */
export function shanghaiMinuteOfDay(t: number): number {
  return Math.floor((t - shanghaiDayStart(t)) / MINUTE);
}

/** "2026年3月15日" in China Standard Time. */
export function chineseDate(t: number): string {
  const d = new Date(t + SHANGHAI_OFFSET);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The calendar date (UTC midnight, for `@db.Date` columns) of the China day containing `t`. */
export function shanghaiDate(t: number): Date {
  return new Date(shanghaiDayStart(t) + SHANGHAI_OFFSET);
}
