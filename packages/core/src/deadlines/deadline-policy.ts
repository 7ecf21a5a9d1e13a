import { z } from 'zod';
import { riskLevelOrder } from '../cases/case-status.js';
import type { DeadlinePolicy, DeadlineSubject } from '../cases/deadlines.js';
import type { Db } from '../db/client.js';
import { CaseCategory, CaseSource, RiskLevel } from '../generated/prisma/enums.js';
import { loadWorkingCalendar } from './calendar.js';
import {
  addCalendarDays,
  addWorkingDays,
  chinaDate,
  endOfChinaDate,
  type WorkingCalendar,
  workingDaysSpan,
} from './working-days.js';

/**
 * How long a step may take:
 * - `hours`: exactly that many hours (police referrals are answered within 24 h);
 * - `days`: until the end (24:00 China time) of the n-th calendar day after the start day; 0 is the
 *   same day (绿色通道);
 * - `workingDays`: until the end of the n-th working day after the start day, skipping weekends and
 *   holidays and counting make-up working days (调休上班), per the holiday calendar.
 */
export type DeadlineDuration = { hours: number } | { days: number } | { workingDays: number };

/** Which cases a rule is for; a condition left out matches every case. */
export interface DeadlineRuleMatch {
  sources?: CaseSource[];
  categories?: CaseCategory[];
  /** The case's risk level is this or higher. */
  minRiskLevel?: RiskLevel;
  greenChannel?: boolean;
}

export interface DeadlineRule {
  name: string;
  when: DeadlineRuleMatch;
  /** From report to acceptance (受理). */
  acceptWithin: DeadlineDuration;
  /** From report to resolution (调结). */
  resolveWithin: DeadlineDuration;
  /** From resolution to the follow-up (回访). */
  followUpWithin: DeadlineDuration;
}

const durationSchema = z
  .object({
    hours: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(8784, 'must be at most 8784 (a year)')
      .optional(),
    days: z
      .number()
      .int()
      .min(0, 'must be 0 (the same day) or more')
      .max(366, 'must be at most 366')
      .optional(),
    workingDays: z
      .number()
      .int()
      .min(0, 'must be 0 (the same working day) or more')
      .max(250, 'must be at most 250')
      .optional(),
  })
  .strict()
  .refine(
    (value) => Object.values(value).filter((v) => v !== undefined).length === 1,
    'give exactly one of "hours", "days" or "workingDays", e.g. { "workingDays": 1 }',
  )
  .transform((value): DeadlineDuration => {
    if (value.hours !== undefined) return { hours: value.hours };
    if (value.days !== undefined) return { days: value.days };
    return { workingDays: value.workingDays! };
  });

/** A single value or a list of them. */
const oneOrMore = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (Array.isArray(value) ? value : [value]),
    z.array(item).min(1, 'must not be empty'),
  );

const ruleSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    when: z
      .object({
        source: oneOrMore(z.enum(CaseSource)).optional(),
        category: oneOrMore(z.enum(CaseCategory)).optional(),
        minRiskLevel: z.enum(RiskLevel).optional(),
        greenChannel: z.boolean().optional(),
      })
      .strict()
      .optional(),
    acceptWithin: durationSchema,
    resolveWithin: durationSchema,
    followUpWithin: durationSchema.optional(),
  })
  .strict();

const defaultFollowUp: DeadlineDuration = { workingDays: 15 };

/**
 * The `deadlinePolicy` configuration key: an ordered list of rules, the first that matches a case
 * wins, the last one (without `when`) is the default. In the config file:
 *
 * ```json
 * { "deadlinePolicy": { "rules": [
 *   { "name": "警调对接", "when": { "source": "POLICE_REFERRAL" },
 *     "acceptWithin": { "hours": 24 }, "resolveWithin": { "days": 5 } },
 *   { "name": "默认", "acceptWithin": { "workingDays": 1 }, "resolveWithin": { "days": 30 },
 *     "followUpWithin": { "workingDays": 15 } }
 * ] } }
 * ```
 * A JSON string (the `DEADLINE_POLICY` environment variable) is accepted too.
 */
export const deadlinePolicyConfig = z.preprocess(
  (value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON such as {"rules":[…]}' });
      return z.NEVER;
    }
  },
  z
    .object({ rules: z.array(ruleSchema).min(1, 'give at least the default rule').max(100) })
    .strict()
    .superRefine((policy, ctx) => {
      const last = policy.rules.at(-1);
      if (last?.when && Object.values(last.when).some((v) => v !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', policy.rules.length - 1, 'when'],
          message: 'the last rule is the default and must match every case: leave out its "when"',
        });
      }
    })
    .transform(
      (policy): DeadlinePolicyConfig => ({
        rules: policy.rules.map((rule, index) => ({
          name: rule.name ?? `rule ${index + 1}`,
          when: {
            ...(rule.when?.source ? { sources: rule.when.source } : {}),
            ...(rule.when?.category ? { categories: rule.when.category } : {}),
            ...(rule.when?.minRiskLevel ? { minRiskLevel: rule.when.minRiskLevel } : {}),
            ...(rule.when?.greenChannel !== undefined ? { greenChannel: rule.when.greenChannel } : {}),
          },
          acceptWithin: rule.acceptWithin,
          resolveWithin: rule.resolveWithin,
          followUpWithin: rule.followUpWithin ?? defaultFollowUp,
        })),
      }),
    ),
);

export interface DeadlinePolicyConfig {
  rules: DeadlineRule[];
}

/**
 * The rules of DESIGN.md §2: accept within 1 working day, resolve within 30 days; police referrals
 * (警调对接) answered within 24 h and resolved within 5 days; the green channel (绿色通道) accepted the
 * same day and resolved within 15 days; follow-up (回访) within 15 working days of resolution.
 */
export const defaultDeadlineRules: readonly DeadlineRule[] = [
  {
    name: '警调对接·绿色通道',
    when: { sources: [CaseSource.POLICE_REFERRAL], greenChannel: true },
    acceptWithin: { days: 0 },
    resolveWithin: { days: 5 },
    followUpWithin: defaultFollowUp,
  },
  {
    name: '警调对接',
    when: { sources: [CaseSource.POLICE_REFERRAL] },
    acceptWithin: { hours: 24 },
    resolveWithin: { days: 5 },
    followUpWithin: defaultFollowUp,
  },
  {
    name: '绿色通道',
    when: { greenChannel: true },
    acceptWithin: { days: 0 },
    resolveWithin: { days: 15 },
    followUpWithin: defaultFollowUp,
  },
  {
    name: '默认',
    when: {},
    acceptWithin: { workingDays: 1 },
    resolveWithin: { days: 30 },
    followUpWithin: defaultFollowUp,
  },
];

type RuleSubject = Pick<DeadlineSubject, 'source' | 'category' | 'riskLevel' | 'greenChannel'>;

export function ruleMatches(rule: DeadlineRule, subject: RuleSubject): boolean {
  const { when } = rule;
  if (when.sources && !when.sources.includes(subject.source)) return false;
  if (when.categories && !when.categories.includes(subject.category)) return false;
  if (
    when.minRiskLevel &&
    riskLevelOrder.indexOf(subject.riskLevel) < riskLevelOrder.indexOf(when.minRiskLevel)
  ) {
    return false;
  }
  if (when.greenChannel !== undefined && when.greenChannel !== subject.greenChannel) return false;
  return true;
}

/** The first rule that matches; the default when none does. */
export function matchDeadlineRule(rules: readonly DeadlineRule[], subject: RuleSubject): DeadlineRule {
  const rule = rules.find((candidate) => ruleMatches(candidate, subject)) ?? rules.at(-1);
  if (!rule) throw new Error('a deadline policy needs at least one rule');
  return rule;
}

/**
 * The instant a duration ends when it starts at `start`. Working days need the calendar loaded for
 * `calendarWindow(start, [duration])`.
 */
export function deadlineAfter(
  calendar: WorkingCalendar | undefined,
  start: Date,
  duration: DeadlineDuration,
): Date {
  if ('hours' in duration) return new Date(start.getTime() + duration.hours * 3_600_000);
  if ('days' in duration) return endOfChinaDate(addCalendarDays(chinaDate(start), duration.days));
  if (!calendar) throw new Error('working days need the holiday calendar');
  return addWorkingDays(calendar, start, duration.workingDays);
}

/** The dates of the holiday calendar that computing these durations may look at; none for clock time. */
export function calendarWindow(
  start: Date,
  durations: readonly DeadlineDuration[],
): { from: string; to: string } | undefined {
  const workingDays = durations.flatMap((d) => ('workingDays' in d ? [d.workingDays] : []));
  if (!workingDays.length) return undefined;
  const from = chinaDate(start);
  return { from, to: addCalendarDays(from, workingDaysSpan(Math.max(...workingDays))) };
}

async function deadlinesAfter(db: Db, start: Date, durations: readonly DeadlineDuration[]): Promise<Date[]> {
  const window = calendarWindow(start, durations);
  const calendar = window ? await loadWorkingCalendar(db, window.from, window.to) : undefined;
  return durations.map((duration) => deadlineAfter(calendar, start, duration));
}

/**
 * A deadline policy from configured rules (the defaults when none are configured). Each computation
 * reads the holiday calendar once, through the caller's transaction, and only when a rule counts
 * working days.
 */
export function createDeadlinePolicy(
  config?: DeadlinePolicyConfig,
): DeadlinePolicy & { rules: readonly DeadlineRule[] } {
  const rules = config?.rules.length ? config.rules : defaultDeadlineRules;
  return {
    rules,
    async initial(db, subject) {
      const rule = matchDeadlineRule(rules, subject);
      const [acceptDeadline, resolveDeadline] = await deadlinesAfter(db, subject.reportedAt, [
        rule.acceptWithin,
        rule.resolveWithin,
      ]);
      return { acceptDeadline: acceptDeadline!, resolveDeadline: resolveDeadline! };
    },
    async followUp(db, kase, resolvedAt) {
      const rule = matchDeadlineRule(rules, kase);
      const [followUpDeadline] = await deadlinesAfter(db, resolvedAt, [rule.followUpWithin]);
      return followUpDeadline!;
    },
  };
}
