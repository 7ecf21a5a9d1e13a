import { CaseCategory, PartyKind } from '@mediation/core';
import { z } from 'zod';
import { adapterFields } from '../config-fields.js';

const litigant = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(PartyKind).default(PartyKind.PERSON),
  idNumber: z.string().trim().max(18).optional(),
  phone: z.string().trim().max(20).optional(),
  address: z.string().trim().max(200).optional(),
});

/**
 * A court-delegated mediation (委派调解, 诉前调解): a civil case the court hands to people's
 * mediation before filing. `courtCaseNo` (案号) is its id there: a repeat returns the same case.
 */
export const courtReferralBody = z.object({
  /** 案号, e.g. (2026)浙0106民诉前调1234号 */
  courtCaseNo: z.string().trim().min(1).max(100),
  /** 委派法院 */
  court: z.string().trim().min(2).max(100),
  /** 委派日期 */
  delegatedAt: z.iso.datetime({ offset: true }),
  /** 调解期限 set by the court (诉前调解 usually 30 days). */
  mediationDueAt: z.iso.datetime({ offset: true }).optional(),
  /** 案由, e.g. 民间借贷纠纷 */
  causeOfAction: z.string().trim().min(2).max(200),
  /** 诉讼请求及事实理由 */
  claims: z.string().trim().min(5).max(10000),
  category: z.enum(CaseCategory).default(CaseCategory.OTHER),
  /** 标的额, yuan, e.g. "12000.50" */
  amount: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be yuan with at most 2 decimals, e.g. "12000.50"')
    .optional(),
  regionCode: adapterFields.regionCode.optional(),
  /** 原告 (the applicants of the mediation) */
  plaintiffs: z.array(litigant).min(1).max(50),
  /** 被告 */
  defendants: z.array(litigant).min(1).max(50),
  /** 第三人 */
  thirdParties: z.array(litigant).max(50).default([]),
});

export type CourtReferral = z.input<typeof courtReferralBody>;

/** What the court platform receives: the result of a delegated mediation (调解结果反馈). */
export interface CourtResult {
  resultId: string;
  courtCaseNo: string;
  caseNumber: string;
  /** MEDIATED (调解成功), FAILED (调解不成, back to the court for filing), WITHDRAWN, RETURNED, CLOSED. */
  result: 'MEDIATED' | 'FAILED' | 'WITHDRAWN' | 'RETURNED' | 'CLOSED';
  resultName: string;
  /** Only for MEDIATED: whether the parties ask the court for judicial confirmation (司法确认). */
  judicialConfirmationRequested: boolean | null;
  reason: string | null;
  occurredAt: string;
}
