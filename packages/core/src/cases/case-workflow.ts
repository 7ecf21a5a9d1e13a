import { z } from 'zod';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import {
  ConflictError,
  IllegalTransitionError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from '../errors.js';
import type { Case, Prisma, PrismaClient } from '../generated/prisma/client.js';
import {
  AgreementForm,
  CaseEventType,
  CaseStatus,
  FailureGuidance,
  FollowUpMethod,
  FollowUpStatus,
  FulfillmentStatus,
  RiskLevel,
  SessionMode,
  SessionOutcome,
  SessionStatus,
} from '../generated/prisma/enums.js';
import { assertSignedIn, authorizeCaseCommand, caseWriteScopeOf } from '../policy/jurisdiction.js';
import { fields, plainText } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';
import type { Actor } from './actor.js';
import {
  appendCaseEvents,
  type CaseEventDraft,
  type CaseEventNotice,
  noOutbox,
  type OutboxRouter,
} from './case-events.js';
import { riskLevelOrder } from './case-status.js';
import { type CaseCommandName, caseTransitions } from './case-transitions.js';
import { type DeadlinePolicy, simpleDeadlinePolicy } from './deadlines.js';
import { placeNewCase, type ReportCaseInput, reportCaseInput } from './report-case.js';

const reason = z
  .string()
  .trim()
  .min(2, 'a reason (理由) is required')
  .max(2000, 'must be at most 2000 characters')
  .superRefine(plainText({ multiline: true, min: 2 }));
const note = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .superRefine(plainText({ multiline: true }))
  .optional();
const version = z.number().int().positive('must be the version you read');
/** Where a session is held. */
const place = z
  .string()
  .trim()
  .min(2)
  .max(200)
  .superRefine(plainText({ min: 2 }));

export const caseCommandInputs = {
  accept: z.object({ version, organizationId: fields.id.optional(), note }),
  reject: z.object({ version, reason }),
  assign: z.object({
    version,
    leadMediatorId: fields.id,
    coMediatorIds: z.array(fields.id).max(10).default([]),
    reason: reason.optional(),
  }),
  startMediation: z.object({ version, note }),
  scheduleSession: z
    .object({
      version,
      mode: z.enum(SessionMode),
      scheduledAt: z.date(),
      location: place.optional(),
      link: z.url().max(500).optional(),
      mediatorId: fields.id.optional(),
    })
    .superRefine((input, ctx) => {
      if (input.mode === SessionMode.IN_PERSON && !input.location) {
        ctx.addIssue({ code: 'custom', path: ['location'], message: 'an in-person session needs a place' });
      }
      if (input.mode === SessionMode.VIDEO && !input.link) {
        ctx.addIssue({ code: 'custom', path: ['link'], message: 'a video session (键对键) needs a link' });
      }
    }),
  rescheduleSession: z.object({
    version,
    sessionId: fields.id,
    scheduledAt: z.date(),
    location: place.optional(),
    link: z.url().max(500).optional(),
    reason,
  }),
  cancelSession: z.object({ version, sessionId: fields.id, reason }),
  recordSessionOutcome: z.object({
    version,
    sessionId: fields.id,
    outcome: z.enum(SessionOutcome),
    minutes: z
      .string()
      .trim()
      .min(5, 'minutes (调解笔录) are required')
      .max(20000)
      .superRefine(plainText({ multiline: true, min: 5 })),
    heldAt: z.date().optional(),
  }),
  recordAgreement: z.object({
    version,
    form: z.enum(AgreementForm),
    terms: z
      .string()
      .trim()
      .min(5, 'the terms are required')
      .max(20000)
      .superRefine(plainText({ multiline: true, min: 5 })),
    signedAt: z.date().optional(),
    amount: fields.amount.optional(),
    judicialConfirmationRequested: z.boolean().default(false),
  }),
  updateFulfillment: z.object({ version, fulfillmentStatus: z.enum(FulfillmentStatus), note }),
  markFailed: z.object({ version, guidance: z.enum(FailureGuidance), reason }),
  withdraw: z.object({ version, reason }),
  transfer: z
    .object({
      version,
      reason,
      toOrganizationId: fields.id.optional(),
      toRegionId: fields.id.optional(),
      toExternalSystem: fields.code.optional(),
    })
    .refine(
      (input) => input.toOrganizationId || input.toRegionId || input.toExternalSystem,
      'say where the case goes: an organization, a region or an external system',
    ),
  scheduleFollowUp: z.object({ version, method: z.enum(FollowUpMethod), dueAt: z.date() }),
  completeFollowUp: z.object({
    version,
    followUpId: fields.id,
    agreementKept: z.boolean(),
    notes: z
      .string()
      .trim()
      .max(5000)
      .superRefine(plainText({ multiline: true }))
      .optional(),
    completedAt: z.date().optional(),
  }),
  close: z.object({ version, note }),
  changeRisk: z.object({ version, riskLevel: z.enum(RiskLevel), reason }),
};

type Inputs = { [K in keyof typeof caseCommandInputs]: z.input<(typeof caseCommandInputs)[K]> };

export interface CaseCommandResult {
  case: Case;
  notices: CaseEventNotice[];
}

export interface CaseWorkflowOptions {
  prisma: PrismaClient;
  /** Which adapters hear of each event (outbox rows written in the same transaction). */
  routeOutbox?: OutboxRouter;
  /** Called after commit with the committed events: the place to publish them. Never before. */
  onCommitted?: (notices: CaseEventNotice[]) => void;
  deadlines?: DeadlinePolicy;
  clock?: () => Date;
}

interface Step {
  update?: Prisma.CaseUncheckedUpdateInput;
  event?: Omit<CaseEventDraft, 'type'> & { type?: CaseEventType };
  /** Events recorded after the command's own (an escalation). */
  more?: CaseEventDraft[];
  /** Overrides the table's target status (assign vs reassign share an event). */
}

const escalating = (from: RiskLevel, to: RiskLevel) =>
  riskLevelOrder.indexOf(to) >= riskLevelOrder.indexOf(RiskLevel.HIGH) &&
  riskLevelOrder.indexOf(to) > riskLevelOrder.indexOf(from);

/**
 * The case workflow: every command checks the lifecycle table, the caller's version and its input,
 * then writes the change, its case events and their outbox rows in one transaction, and only after
 * commit hands the events to `onCommitted`.
 */
export function createCaseWorkflow(options: CaseWorkflowOptions) {
  const { prisma } = options;
  const routeOutbox = options.routeOutbox ?? noOutbox;
  const deadlines = options.deadlines ?? simpleDeadlinePolicy;
  const clock = options.clock ?? (() => new Date());

  const committed = (result: CaseCommandResult): CaseCommandResult => {
    options.onCommitted?.(result.notices);
    return result;
  };

  async function execute(
    actor: Actor,
    command: CaseCommandName,
    caseId: number,
    expectedVersion: number,
    run: (tx: Prisma.TransactionClient, kase: Case, now: Date) => Promise<Step>,
  ): Promise<CaseCommandResult> {
    const transition = caseTransitions[command];
    const now = clock();
    const result = await prisma.$transaction(async (tx) => {
      // Rights first, in the transaction: outside the jurisdiction the case does not exist.
      await authorizeCaseCommand(tx, actor, command, caseId);
      const kase = await tx.case.findUnique({ where: { id: caseId } });
      if (!kase) throw new NotFoundError('Case', String(caseId));
      if (!transition.from.includes(kase.status)) throw new IllegalTransitionError(command, kase.status);
      if (kase.version !== expectedVersion) throw new StaleVersionError(expectedVersion, kase.version);
      // Claim the version, still within the actor's rights: a concurrent command on the same case
      // blocks here, then finds no row; so does a mediator reassigned since the check above.
      const claimed = await tx.case.updateMany({
        where: { id: caseId, version: expectedVersion, AND: [caseWriteScopeOf(actor)] },
        data: { version: { increment: 1 } },
      });
      if (claimed.count !== 1) {
        await authorizeCaseCommand(tx, actor, command, caseId);
        const current = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } });
        throw new StaleVersionError(expectedVersion, current.version);
      }

      const step = await run(tx, kase, now);
      const status = transition.to ?? kase.status;
      const updated = await tx.case.update({ where: { id: caseId }, data: { ...step.update, status } });
      const drafts: CaseEventDraft[] = [
        {
          type: step.event?.type ?? transition.event,
          fromStatus: kase.status,
          toStatus: status,
          ...step.event,
        },
        ...(step.more ?? []),
      ];
      const notices = await appendCaseEvents(tx, actor, updated, drafts, now, routeOutbox);
      return { case: updated, notices };
    });
    return committed(result);
  }

  async function assertMediators(db: Db, ids: number[]): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await db.mediator.findMany({
      where: { id: { in: unique } },
      select: { id: true, active: true },
    });
    const missing = unique.filter((id) => !found.some((m) => m.id === id));
    if (missing.length) throw new NotFoundError('Mediator', missing.join(', '));
    const inactive = found.filter((m) => !m.active).map((m) => m.id);
    if (inactive.length) {
      throw new ValidationError([
        { path: 'leadMediatorId', message: `mediator ${inactive.join(', ')} is not active` },
      ]);
    }
  }

  async function sessionOf(db: Db, kase: Case, sessionId: number) {
    const session = await db.mediationSession.findUnique({ where: { id: sessionId } });
    if (!session || session.caseId !== kase.id)
      throw new NotFoundError('MediationSession', String(sessionId));
    if (session.status !== SessionStatus.SCHEDULED) {
      throw new IllegalTransitionError(
        'change',
        `a ${session.status} session`,
        `the session is already ${session.status}`,
      );
    }
    return session;
  }

  return {
    /** 登记: registers a case with its parties; a HIGH or CRITICAL risk escalates at once. */
    async report(actor: Actor, input: ReportCaseInput): Promise<CaseCommandResult> {
      assertSignedIn(actor);
      const data = parseInput(reportCaseInput, input);
      const now = clock();
      try {
        const result = await prisma.$transaction(async (tx) => {
          const created = await placeNewCase(tx, actor, data, now, deadlines);
          const drafts: CaseEventDraft[] = [
            {
              type: CaseEventType.REPORTED,
              toStatus: CaseStatus.REPORTED,
              data: {
                source: data.source,
                category: data.category,
                riskLevel: data.riskLevel,
                ...(data.externalReceivedAt
                  ? { externalReceivedAt: data.externalReceivedAt.toISOString() }
                  : {}),
              },
            },
          ];
          if (escalating(RiskLevel.LOW, created.riskLevel)) {
            drafts.push({ type: CaseEventType.ESCALATED, data: { riskLevel: created.riskLevel } });
          }
          const notices = await appendCaseEvents(tx, actor, created, drafts, now, routeOutbox);
          return { case: created, notices };
        });
        return committed(result);
      } catch (error) {
        if (isUniqueViolation(error) && data.externalSystem) {
          throw new ConflictError(
            `${data.externalSystem} reference ${data.externalRef} is already registered`,
          );
        }
        throw error;
      }
    },

    /** 受理 */
    async accept(actor: Actor, caseId: number, input: Inputs['accept']) {
      const data = parseInput(caseCommandInputs.accept, input);
      return execute(actor, 'accept', caseId, data.version, async (tx) => {
        if (data.organizationId !== undefined) {
          const found = await tx.organization.findUnique({
            where: { id: data.organizationId },
            select: { id: true },
          });
          if (!found) throw new NotFoundError('Organization', String(data.organizationId));
        }
        return {
          update: {
            acceptedAt: clock(),
            ...(data.organizationId ? { organizationId: data.organizationId } : {}),
          },
          event: { reason: data.note ?? null },
        };
      });
    },

    /** 不予受理 */
    async reject(actor: Actor, caseId: number, input: Inputs['reject']) {
      const data = parseInput(caseCommandInputs.reject, input);
      return execute(actor, 'reject', caseId, data.version, async () => ({
        update: { statusReason: data.reason },
        event: { reason: data.reason },
      }));
    },

    /** 指派 (or 改派 once assigned: then a reason is required). */
    async assign(actor: Actor, caseId: number, input: Inputs['assign']) {
      const data = parseInput(caseCommandInputs.assign, input);
      // Whether this is 指派 or 改派 depends on the case: only someone who may act on it learns that.
      await authorizeCaseCommand(prisma, actor, 'assign', caseId);
      const current = await prisma.case.findUnique({ where: { id: caseId }, select: { status: true } });
      const command: CaseCommandName =
        current && current.status !== CaseStatus.ACCEPTED ? 'reassign' : 'assign';
      if (
        command === 'reassign' &&
        current &&
        caseTransitions.reassign.from.includes(current.status) &&
        !data.reason
      ) {
        throw new ValidationError([
          { path: 'reason', message: 'a reason (理由) is required to reassign a case' },
        ]);
      }
      const coMediatorIds = [...new Set(data.coMediatorIds)].filter((id) => id !== data.leadMediatorId);
      return execute(actor, command, caseId, data.version, async (tx, kase) => {
        await assertMediators(tx, [data.leadMediatorId, ...coMediatorIds]);
        await tx.caseCoMediator.deleteMany({ where: { caseId } });
        if (coMediatorIds.length) {
          await tx.caseCoMediator.createMany({
            data: coMediatorIds.map((mediatorId) => ({ caseId, mediatorId })),
          });
        }
        return {
          update: { leadMediatorId: data.leadMediatorId },
          event: {
            reason: data.reason ?? null,
            data: {
              leadMediatorId: data.leadMediatorId,
              coMediatorIds,
              previousLeadMediatorId: kase.leadMediatorId,
            },
          },
        };
      });
    },

    /** 开始调解 */
    async startMediation(actor: Actor, caseId: number, input: Inputs['startMediation']) {
      const data = parseInput(caseCommandInputs.startMediation, input);
      return execute(actor, 'startMediation', caseId, data.version, async () => ({
        event: { reason: data.note ?? null },
      }));
    },

    /** 安排调解 (面对面, 视频, 电话, 文字) */
    async scheduleSession(actor: Actor, caseId: number, input: Inputs['scheduleSession']) {
      const data = parseInput(caseCommandInputs.scheduleSession, input);
      return execute(actor, 'scheduleSession', caseId, data.version, async (tx, kase) => {
        const mediatorId = data.mediatorId ?? kase.leadMediatorId;
        if (data.mediatorId !== undefined) await assertMediators(tx, [data.mediatorId]);
        const session = await tx.mediationSession.create({
          data: {
            caseId,
            mode: data.mode,
            scheduledAt: data.scheduledAt,
            location: data.location ?? null,
            link: data.link ?? null,
            mediatorId,
          },
        });
        return {
          event: {
            data: { sessionId: session.id, mode: data.mode, scheduledAt: data.scheduledAt.toISOString() },
          },
        };
      });
    },

    /** 调整调解时间 */
    async rescheduleSession(actor: Actor, caseId: number, input: Inputs['rescheduleSession']) {
      const data = parseInput(caseCommandInputs.rescheduleSession, input);
      return execute(actor, 'rescheduleSession', caseId, data.version, async (tx, kase) => {
        const session = await sessionOf(tx, kase, data.sessionId);
        await tx.mediationSession.update({
          where: { id: session.id },
          data: {
            scheduledAt: data.scheduledAt,
            ...(data.location ? { location: data.location } : {}),
            ...(data.link ? { link: data.link } : {}),
          },
        });
        return {
          event: {
            reason: data.reason,
            data: {
              sessionId: session.id,
              from: session.scheduledAt.toISOString(),
              scheduledAt: data.scheduledAt.toISOString(),
            },
          },
        };
      });
    },

    /** 取消调解 */
    async cancelSession(actor: Actor, caseId: number, input: Inputs['cancelSession']) {
      const data = parseInput(caseCommandInputs.cancelSession, input);
      return execute(actor, 'cancelSession', caseId, data.version, async (tx, kase) => {
        const session = await sessionOf(tx, kase, data.sessionId);
        await tx.mediationSession.update({
          where: { id: session.id },
          data: { status: SessionStatus.CANCELLED },
        });
        return { event: { reason: data.reason, data: { sessionId: session.id } } };
      });
    },

    /** 记录调解结果与笔录 */
    async recordSessionOutcome(actor: Actor, caseId: number, input: Inputs['recordSessionOutcome']) {
      const data = parseInput(caseCommandInputs.recordSessionOutcome, input);
      return execute(actor, 'recordSessionOutcome', caseId, data.version, async (tx, kase, now) => {
        const session = await sessionOf(tx, kase, data.sessionId);
        await tx.mediationSession.update({
          where: { id: session.id },
          data: {
            status: SessionStatus.HELD,
            outcome: data.outcome,
            minutes: data.minutes,
            heldAt: data.heldAt ?? now,
          },
        });
        return { event: { data: { sessionId: session.id, outcome: data.outcome } } };
      });
    },

    /** 达成调解协议: the case is resolved; the follow-up deadline starts. */
    async recordAgreement(actor: Actor, caseId: number, input: Inputs['recordAgreement']) {
      const data = parseInput(caseCommandInputs.recordAgreement, input);
      return execute(actor, 'recordAgreement', caseId, data.version, async (tx, kase, now) => {
        const agreement = await tx.agreement.create({
          data: {
            caseId,
            form: data.form,
            terms: data.terms,
            signedAt: data.signedAt ?? now,
            amount: data.amount ?? null,
            judicialConfirmationRequested: data.judicialConfirmationRequested,
          },
        });
        return {
          update: { resolvedAt: now, followUpDeadline: await deadlines.followUp(tx, kase, now) },
          event: {
            data: {
              agreementId: agreement.id,
              form: data.form,
              judicialConfirmationRequested: data.judicialConfirmationRequested,
            },
          },
        };
      });
    },

    /** 更新履行情况 */
    async updateFulfillment(actor: Actor, caseId: number, input: Inputs['updateFulfillment']) {
      const data = parseInput(caseCommandInputs.updateFulfillment, input);
      return execute(actor, 'updateFulfillment', caseId, data.version, async (tx) => {
        const agreement = await tx.agreement.findUnique({ where: { caseId } });
        if (!agreement) throw new NotFoundError('Agreement', `of case ${caseId}`);
        await tx.agreement.update({ where: { caseId }, data: { fulfillmentStatus: data.fulfillmentStatus } });
        return {
          event: {
            reason: data.note ?? null,
            data: { from: agreement.fulfillmentStatus, fulfillmentStatus: data.fulfillmentStatus },
          },
        };
      });
    },

    /** 调解不成: record the guidance given (litigation, arbitration, other channel). */
    async markFailed(actor: Actor, caseId: number, input: Inputs['markFailed']) {
      const data = parseInput(caseCommandInputs.markFailed, input);
      return execute(actor, 'markFailed', caseId, data.version, async () => ({
        update: { statusReason: data.reason, failureGuidance: data.guidance },
        event: { reason: data.reason, data: { guidance: data.guidance } },
      }));
    },

    /** 撤回 */
    async withdraw(actor: Actor, caseId: number, input: Inputs['withdraw']) {
      const data = parseInput(caseCommandInputs.withdraw, input);
      return execute(actor, 'withdraw', caseId, data.version, async () => ({
        update: { statusReason: data.reason },
        event: { reason: data.reason },
      }));
    },

    /** 移交: to another organization, region or external system. */
    async transfer(actor: Actor, caseId: number, input: Inputs['transfer']) {
      const data = parseInput(caseCommandInputs.transfer, input);
      return execute(actor, 'transfer', caseId, data.version, async (tx) => {
        if (data.toOrganizationId !== undefined) {
          const found = await tx.organization.findUnique({
            where: { id: data.toOrganizationId },
            select: { id: true },
          });
          if (!found) throw new NotFoundError('Organization', String(data.toOrganizationId));
        }
        if (data.toRegionId !== undefined) {
          const found = await tx.region.findUnique({ where: { id: data.toRegionId }, select: { id: true } });
          if (!found) throw new NotFoundError('Region', String(data.toRegionId));
        }
        return {
          update: { statusReason: data.reason },
          event: {
            reason: data.reason,
            data: {
              toOrganizationId: data.toOrganizationId ?? null,
              toRegionId: data.toRegionId ?? null,
              toExternalSystem: data.toExternalSystem ?? null,
            },
          },
        };
      });
    },

    /** 安排回访 */
    async scheduleFollowUp(actor: Actor, caseId: number, input: Inputs['scheduleFollowUp']) {
      const data = parseInput(caseCommandInputs.scheduleFollowUp, input);
      return execute(actor, 'scheduleFollowUp', caseId, data.version, async (tx) => {
        const followUp = await tx.followUp.create({
          data: { caseId, method: data.method, dueAt: data.dueAt },
        });
        return {
          event: { data: { followUpId: followUp.id, method: data.method, dueAt: data.dueAt.toISOString() } },
        };
      });
    },

    /** 完成回访 */
    async completeFollowUp(actor: Actor, caseId: number, input: Inputs['completeFollowUp']) {
      const data = parseInput(caseCommandInputs.completeFollowUp, input);
      return execute(actor, 'completeFollowUp', caseId, data.version, async (tx, _kase, now) => {
        const followUp = await tx.followUp.findUnique({ where: { id: data.followUpId } });
        if (!followUp || followUp.caseId !== caseId)
          throw new NotFoundError('FollowUp', String(data.followUpId));
        if (followUp.status !== FollowUpStatus.SCHEDULED) {
          throw new IllegalTransitionError(
            'completeFollowUp',
            `a ${followUp.status} follow-up`,
            'the follow-up is already done',
          );
        }
        await tx.followUp.update({
          where: { id: followUp.id },
          data: {
            status: FollowUpStatus.DONE,
            completedAt: data.completedAt ?? now,
            agreementKept: data.agreementKept,
            notes: data.notes ?? null,
          },
        });
        return { event: { data: { followUpId: followUp.id, agreementKept: data.agreementKept } } };
      });
    },

    /** 结案: a resolved case needs its follow-up (回访) done first. */
    async close(actor: Actor, caseId: number, input: Inputs['close']) {
      const data = parseInput(caseCommandInputs.close, input);
      return execute(actor, 'close', caseId, data.version, async (tx, kase, now) => {
        if (kase.status === CaseStatus.RESOLVED) {
          const followUps = await tx.followUp.groupBy({ by: ['status'], where: { caseId }, _count: true });
          const count = (status: FollowUpStatus) => followUps.find((f) => f.status === status)?._count ?? 0;
          if (count(FollowUpStatus.DONE) === 0 || count(FollowUpStatus.SCHEDULED) > 0) {
            throw new IllegalTransitionError(
              'close',
              kase.status,
              'a resolved case is closed after its follow-up (回访): complete the follow-up first',
            );
          }
        }
        return { update: { closedAt: now }, event: { reason: data.note ?? null } };
      });
    },

    /** 风险等级变更: rising to HIGH or CRITICAL escalates at once (及时报告). */
    async changeRisk(actor: Actor, caseId: number, input: Inputs['changeRisk']) {
      const data = parseInput(caseCommandInputs.changeRisk, input);
      return execute(actor, 'changeRisk', caseId, data.version, async (_tx, kase, now) => {
        if (kase.riskLevel === data.riskLevel) {
          throw new ValidationError([
            { path: 'riskLevel', message: `the risk level is already ${data.riskLevel}` },
          ]);
        }
        const escalate = escalating(kase.riskLevel, data.riskLevel);
        return {
          update: { riskLevel: data.riskLevel, ...(escalate ? { escalatedAt: now } : {}) },
          event: { reason: data.reason, data: { from: kase.riskLevel, riskLevel: data.riskLevel } },
          more: escalate
            ? [{ type: CaseEventType.ESCALATED, reason: data.reason, data: { riskLevel: data.riskLevel } }]
            : [],
        };
      });
    },
  };
}

export type CaseWorkflow = ReturnType<typeof createCaseWorkflow>;
