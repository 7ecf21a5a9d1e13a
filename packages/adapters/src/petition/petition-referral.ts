import { CaseCategory, PartyKind } from '@mediation/core';
import { z } from 'zod';
import { adapterFields } from '../config-fields.js';

const person = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(PartyKind).default(PartyKind.PERSON),
  idNumber: z.string().trim().max(18).optional(),
  phone: z.string().trim().max(20).optional(),
  address: z.string().trim().max(200).optional(),
});

/**
 * A referral from the petition system (访调对接): a petition (信访件) its office judged fit for
 * people's mediation. `petitionNo` is its id there: a repeat returns the same case.
 */
export const petitionReferralBody = z.object({
  /** 信访件编号 */
  petitionNo: z.string().trim().min(1).max(100),
  /** 信访形式: 来访, 来信, 网上信访, 电话 */
  channel: z.enum(['VISIT', 'LETTER', 'ONLINE', 'PHONE']),
  receivedAt: z.iso.datetime({ offset: true }),
  /** 信访事项 (a short title) */
  subject: z.string().trim().min(2).max(200),
  /** 主要诉求及事实 */
  content: z.string().trim().min(5).max(10000),
  category: z.enum(CaseCategory).default(CaseCategory.OTHER),
  /** Where the dispute arose: a town/street or village/community code (统计用区划代码). */
  regionCode: adapterFields.regionCode.optional(),
  /** 信访人 */
  petitioners: z.array(person).min(1).max(50),
  /** 被反映人/单位 */
  respondents: z.array(person).max(50).default([]),
  /** 集体访: several people petitioning together; a risk of a group incident (群体性事件). */
  collective: z.boolean().default(false),
  /** 人数 */
  personCount: z.number().int().min(1).max(10_000).optional(),
});

export type PetitionReferral = z.input<typeof petitionReferralBody>;

/** What the petition system receives about a case it referred (办理情况反馈). */
export interface PetitionFeedback {
  /** The delivery key: the same for every retry, so the petition system can drop repeats. */
  feedbackId: string;
  petitionNo: string;
  caseNumber: string;
  /** The case event, e.g. ACCEPTED, AGREEMENT_RECORDED. */
  stage: string;
  /** 办理阶段, e.g. 已受理. */
  stageName: string;
  /** The case's status after the event. */
  status: string;
  /** 办理意见: the reason given (a rejection, a failure, a transfer), when there is one. */
  opinion: string | null;
  /** 办理结果, only for final stages: 调解成功, 调解不成（引导诉讼）, … */
  result: string | null;
  occurredAt: string;
}
