import { CaseCategory, PartyKind, PartyRole } from '@mediation/core';
import { z } from 'zod';
import { adapterFields } from '../config-fields.js';

/**
 * A 110 call the police judged a non-criminal dispute (非警务类纠纷) and hand over to people's
 * mediation. `incidentNo` (警情编号) is its id there: a repeat returns the same case.
 */
export const policeReferralBody = z.object({
  /** 警情编号 */
  incidentNo: z.string().trim().min(1).max(100),
  /** 接警时间 */
  reportedAt: z.iso.datetime({ offset: true }),
  /** 处警单位, e.g. 北山派出所 */
  policeStation: z.string().trim().min(2).max(100),
  /** 处警民警 (name and badge only; the police system keeps its own contacts). */
  officer: z
    .object({ name: z.string().trim().min(1).max(50), badgeNo: z.string().trim().max(20).optional() })
    .optional(),
  /** 简要警情 */
  summary: z.string().trim().min(2).max(200),
  /** 处警情况 */
  details: z.string().trim().min(5).max(10000),
  category: z.enum(CaseCategory).default(CaseCategory.OTHER),
  regionCode: adapterFields.regionCode.optional(),
  parties: z
    .array(
      z.object({
        role: z.enum(PartyRole),
        kind: z.enum(PartyKind).default(PartyKind.PERSON),
        name: z.string().trim().min(1).max(100),
        idNumber: z.string().trim().max(18).optional(),
        phone: z.string().trim().max(20).optional(),
        address: z.string().trim().max(200).optional(),
      }),
    )
    .min(1)
    .max(50),
  /** 现场有肢体冲突 */
  violence: z.boolean().default(false),
  /** 有民转刑风险: the officer fears the dispute turns criminal; escalated at once. */
  escalationRisk: z.boolean().default(false),
  /** 紧急: handled through the green channel (绿色通道). */
  urgent: z.boolean().default(false),
});

export type PoliceReferral = z.input<typeof policeReferralBody>;

/** What the 110 system receives about a case it referred (警情调处反馈). */
export interface PoliceFeedback {
  feedbackId: string;
  incidentNo: string;
  caseNumber: string;
  stage: string;
  stageName: string;
  status: string;
  riskLevel: string;
  opinion: string | null;
  result: string | null;
  /** For deadline events: which deadline (ACCEPT = 24 h answer, RESOLVE = 5-day resolution) and when. */
  deadline: { kind: string; dueAt: string; overdue: boolean } | null;
  occurredAt: string;
}
