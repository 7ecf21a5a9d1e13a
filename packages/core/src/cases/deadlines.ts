import type { Db } from '../db/client.js';
import type { Case } from '../generated/prisma/client.js';
import { type CaseCategory, CaseSource, type RiskLevel } from '../generated/prisma/enums.js';

const hour = 3_600_000;
const day = 24 * hour;

export interface InitialDeadlines {
  acceptDeadline: Date;
  resolveDeadline: Date;
}

/**
 * Deadlines set when a case is reported: accept within one day (the same day on the green channel),
 * resolve within 30 days; police referrals are answered within 24 h and resolved within 5 days;
 * green-channel cases within 15 days.
 */
export function initialDeadlines(
  reportedAt: Date,
  source: CaseSource,
  greenChannel: boolean,
): InitialDeadlines {
  const start = reportedAt.getTime();
  if (source === CaseSource.POLICE_REFERRAL) {
    return { acceptDeadline: new Date(start + day), resolveDeadline: new Date(start + 5 * day) };
  }
  if (greenChannel) {
    return { acceptDeadline: endOfShanghaiDay(reportedAt), resolveDeadline: new Date(start + 15 * day) };
  }
  return { acceptDeadline: new Date(start + day), resolveDeadline: new Date(start + 30 * day) };
}

const shanghaiOffset = 8 * hour;

/** 23:59:59.999 of the same calendar day in China Standard Time (UTC+8, no daylight saving). */
export function endOfShanghaiDay(at: Date): Date {
  const local = at.getTime() + shanghaiOffset;
  return new Date(Math.floor(local / day) * day + day - 1 - shanghaiOffset);
}

/** The calendar year of an instant in China Standard Time. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + shanghaiOffset).getUTCFullYear();
}

/** What a deadline depends on. */
export interface DeadlineSubject {
  reportedAt: Date;
  source: CaseSource;
  category: CaseCategory;
  riskLevel: RiskLevel;
  greenChannel: boolean;
}

/** Computes a case's deadlines. Reads what it needs (a holiday calendar) through the transaction. */
export interface DeadlinePolicy {
  initial(db: Db, subject: DeadlineSubject): Promise<InitialDeadlines>;
  followUp(db: Db, kase: Case, resolvedAt: Date): Promise<Date>;
}

/** Calendar-day deadlines, no holiday calendar. */
export const simpleDeadlinePolicy: DeadlinePolicy = {
  initial: async (_db, subject) => initialDeadlines(subject.reportedAt, subject.source, subject.greenChannel),
  followUp: async (_db, _kase, resolvedAt) => new Date(resolvedAt.getTime() + 15 * day),
};
