import {
  type Actor,
  actorFor,
  authorizeCaseCommand,
  type CaseCommandName,
  type CaseCommandResult,
  type CaseWorkflow,
} from '@mediation/core';
import type { InputFieldMap, SchemaTypes } from '@pothos/core';
import { builder } from './builder.js';
import { CaseRef } from './case.js';
import {
  AgreementFormEnum,
  FailureGuidanceEnum,
  FollowUpMethodEnum,
  FulfillmentStatusEnum,
  RiskLevelEnum,
  SessionModeEnum,
  SessionOutcomeEnum,
} from './enums.js';
import { caseCommandErrors } from './errors.js';
import { FollowUpRef } from './follow-up.js';
import { databaseId, optionalDatabaseId } from './ids.js';
import { withoutNulls } from './input.js';
import { MediationSessionRef } from './mediation-session.js';
import { MediatorRef } from './mediator.js';
import { OrganizationRef } from './organization.js';
import { RegionRef } from './region.js';

/*
 * The case lifecycle as mutations. Each takes the case's global ID and an input carrying the
 * `version` the caller read; each returns the updated case or a typed error (illegal transition,
 * stale version, validation, not found). The rules live in @mediation/core (case-transitions.ts).
 */

type Command<Input> = (
  workflow: CaseWorkflow,
  actor: Actor,
  caseId: number,
  input: Input,
) => Promise<CaseCommandResult>;

function caseMutation<Fields extends Record<string, unknown>>(
  command: CaseCommandName,
  name: string,
  description: string,
  inputName: string,
  fields: (
    t: PothosSchemaTypes.InputFieldBuilder<
      typeof builder extends { $inferSchemaTypes: infer T extends SchemaTypes } ? T : never,
      'InputObject'
    >,
  ) => InputFieldMap,
  run: Command<Fields>,
) {
  const Input = builder.inputType(inputName, { fields });
  builder.mutationField(name, (t) =>
    t.field({
      type: CaseRef,
      description,
      args: {
        id: t.arg.globalID({ for: CaseRef, required: true }),
        input: t.arg({ type: Input, required: true }),
      },
      errors: { types: caseCommandErrors, dataField: { name: 'case' } },
      resolve: async (_root, args, ctx) => {
        const caseId = databaseId(args.id);
        // jurisdiction and role first: outside it the case does not exist (NotFound), else Forbidden
        await authorizeCaseCommand(ctx.db.prisma, ctx.principal, command, caseId);
        const result = await run(
          ctx.workflow,
          actorFor(ctx.principal),
          caseId,
          args.input as unknown as Fields,
        );
        return result.case;
      },
    }),
  );
}

caseMutation<{
  version: number;
  organizationId?: { id: string; typename: string } | null;
  note?: string | null;
}>(
  'accept',
  'acceptCase',
  '受理: REPORTED → ACCEPTED.',
  'AcceptCaseInput',
  (t) => ({
    version: t.int({ required: true }),
    organizationId: t.globalID({ for: OrganizationRef, description: 'The handling organization.' }),
    note: t.string(),
  }),
  (workflow, actor, id, input) =>
    workflow.accept(actor, id, {
      ...withoutNulls(input),
      organizationId: optionalDatabaseId(input.organizationId),
    }),
);

caseMutation<{ version: number; reason: string }>(
  'reject',
  'rejectCase',
  '不予受理: REPORTED → REJECTED, with the reason.',
  'RejectCaseInput',
  (t) => ({ version: t.int({ required: true }), reason: t.string({ required: true }) }),
  (workflow, actor, id, input) => workflow.reject(actor, id, input),
);

caseMutation<{
  version: number;
  leadMediatorId: { id: string; typename: string };
  coMediatorIds?: { id: string; typename: string }[] | null;
  reason?: string | null;
}>(
  'assign',
  'assignCase',
  '指派调解员: ACCEPTED → ASSIGNED; on an assigned or in-mediation case it reassigns (改派) and needs a reason.',
  'AssignCaseInput',
  (t) => ({
    version: t.int({ required: true }),
    leadMediatorId: t.globalID({ for: MediatorRef, required: true }),
    coMediatorIds: t.globalIDList({ for: MediatorRef }),
    reason: t.string(),
  }),
  (workflow, actor, id, input) =>
    workflow.assign(actor, id, {
      version: input.version,
      leadMediatorId: databaseId(input.leadMediatorId),
      coMediatorIds: input.coMediatorIds?.map(databaseId) ?? [],
      reason: input.reason ?? undefined,
    }),
);

caseMutation<{ version: number; note?: string | null }>(
  'startMediation',
  'startMediation',
  '开始调解: ASSIGNED → IN_MEDIATION.',
  'StartMediationInput',
  (t) => ({ version: t.int({ required: true }), note: t.string() }),
  (workflow, actor, id, input) => workflow.startMediation(actor, id, withoutNulls(input)),
);

type GlobalId = { id: string; typename: string };

caseMutation<{
  version: number;
  mode: 'IN_PERSON' | 'VIDEO' | 'PHONE' | 'TEXT';
  scheduledAt: Date;
  location?: string | null;
  link?: string | null;
  mediatorId?: GlobalId | null;
}>(
  'scheduleSession',
  'scheduleSession',
  '安排调解: a meeting in person (面对面), by video (键对键), phone or text.',
  'ScheduleSessionInput',
  (t) => ({
    version: t.int({ required: true }),
    mode: t.field({ type: SessionModeEnum, required: true }),
    scheduledAt: t.field({ type: 'DateTime', required: true }),
    location: t.string({ description: 'Required in person.' }),
    link: t.string({ description: 'Required for video.' }),
    mediatorId: t.globalID({ for: MediatorRef, description: 'Defaults to the lead mediator.' }),
  }),
  (workflow, actor, id, input) =>
    workflow.scheduleSession(actor, id, {
      ...withoutNulls(input),
      mediatorId: optionalDatabaseId(input.mediatorId),
    }),
);

caseMutation<{
  version: number;
  sessionId: GlobalId;
  scheduledAt: Date;
  location?: string | null;
  link?: string | null;
  reason: string;
}>(
  'rescheduleSession',
  'rescheduleSession',
  '调整调解时间 (with a reason).',
  'RescheduleSessionInput',
  (t) => ({
    version: t.int({ required: true }),
    sessionId: t.globalID({ for: MediationSessionRef, required: true }),
    scheduledAt: t.field({ type: 'DateTime', required: true }),
    location: t.string(),
    link: t.string(),
    reason: t.string({ required: true }),
  }),
  (workflow, actor, id, input) =>
    workflow.rescheduleSession(actor, id, { ...withoutNulls(input), sessionId: databaseId(input.sessionId) }),
);

caseMutation<{ version: number; sessionId: GlobalId; reason: string }>(
  'cancelSession',
  'cancelSession',
  '取消调解 (with a reason).',
  'CancelSessionInput',
  (t) => ({
    version: t.int({ required: true }),
    sessionId: t.globalID({ for: MediationSessionRef, required: true }),
    reason: t.string({ required: true }),
  }),
  (workflow, actor, id, input) =>
    workflow.cancelSession(actor, id, { ...input, sessionId: databaseId(input.sessionId) }),
);

caseMutation<{
  version: number;
  sessionId: GlobalId;
  outcome: 'AGREED' | 'PARTIAL' | 'NO_AGREEMENT' | 'ADJOURNED';
  minutes: string;
  heldAt?: Date | null;
}>(
  'recordSessionOutcome',
  'recordSessionOutcome',
  '记录调解结果与笔录 (case in mediation).',
  'RecordSessionOutcomeInput',
  (t) => ({
    version: t.int({ required: true }),
    sessionId: t.globalID({ for: MediationSessionRef, required: true }),
    outcome: t.field({ type: SessionOutcomeEnum, required: true }),
    minutes: t.string({ required: true, description: '调解笔录' }),
    heldAt: t.field({ type: 'DateTime' }),
  }),
  (workflow, actor, id, input) =>
    workflow.recordSessionOutcome(actor, id, {
      ...withoutNulls(input),
      sessionId: databaseId(input.sessionId),
    }),
);

caseMutation<{
  version: number;
  form: 'ORAL' | 'WRITTEN';
  terms: string;
  signedAt?: Date | null;
  amount?: string | null;
  judicialConfirmationRequested?: boolean | null;
}>(
  'recordAgreement',
  'recordAgreement',
  '达成调解协议: IN_MEDIATION → RESOLVED; the follow-up (回访) deadline starts.',
  'RecordAgreementInput',
  (t) => ({
    version: t.int({ required: true }),
    form: t.field({ type: AgreementFormEnum, required: true }),
    terms: t.string({ required: true }),
    signedAt: t.field({ type: 'DateTime' }),
    amount: t.field({ type: 'Decimal' }),
    judicialConfirmationRequested: t.boolean({ description: '是否申请司法确认' }),
  }),
  (workflow, actor, id, input) => workflow.recordAgreement(actor, id, withoutNulls(input)),
);

caseMutation<{
  version: number;
  fulfillmentStatus: 'PENDING' | 'PARTIAL' | 'FULFILLED' | 'BREACHED';
  note?: string | null;
}>(
  'updateFulfillment',
  'updateFulfillment',
  '更新协议履行情况.',
  'UpdateFulfillmentInput',
  (t) => ({
    version: t.int({ required: true }),
    fulfillmentStatus: t.field({ type: FulfillmentStatusEnum, required: true }),
    note: t.string(),
  }),
  (workflow, actor, id, input) => workflow.updateFulfillment(actor, id, withoutNulls(input)),
);

caseMutation<{ version: number; guidance: 'LITIGATION' | 'ARBITRATION' | 'OTHER_CHANNEL'; reason: string }>(
  'markFailed',
  'markCaseFailed',
  '调解不成: IN_MEDIATION → FAILED, with the guidance given (诉讼, 仲裁, 其他途径).',
  'MarkCaseFailedInput',
  (t) => ({
    version: t.int({ required: true }),
    guidance: t.field({ type: FailureGuidanceEnum, required: true }),
    reason: t.string({ required: true }),
  }),
  (workflow, actor, id, input) => workflow.markFailed(actor, id, input),
);

caseMutation<{ version: number; reason: string }>(
  'withdraw',
  'withdrawCase',
  '撤回: any open case → WITHDRAWN, with the reason.',
  'WithdrawCaseInput',
  (t) => ({ version: t.int({ required: true }), reason: t.string({ required: true }) }),
  (workflow, actor, id, input) => workflow.withdraw(actor, id, input),
);

caseMutation<{
  version: number;
  reason: string;
  toOrganizationId?: GlobalId | null;
  toRegionId?: GlobalId | null;
  toExternalSystem?: string | null;
}>(
  'transfer',
  'transferCase',
  '移交: any open case → TRANSFERRED to another organization, region or external system, with the reason.',
  'TransferCaseInput',
  (t) => ({
    version: t.int({ required: true }),
    reason: t.string({ required: true }),
    toOrganizationId: t.globalID({ for: OrganizationRef }),
    toRegionId: t.globalID({ for: RegionRef }),
    toExternalSystem: t.string({ description: 'e.g. petition, court' }),
  }),
  (workflow, actor, id, input) =>
    workflow.transfer(actor, id, {
      ...withoutNulls(input),
      toOrganizationId: optionalDatabaseId(input.toOrganizationId),
      toRegionId: optionalDatabaseId(input.toRegionId),
    }),
);

caseMutation<{ version: number; method: 'VISIT' | 'PHONE' | 'OTHER'; dueAt: Date }>(
  'scheduleFollowUp',
  'scheduleFollowUp',
  '安排回访 (resolved case).',
  'ScheduleFollowUpInput',
  (t) => ({
    version: t.int({ required: true }),
    method: t.field({ type: FollowUpMethodEnum, required: true }),
    dueAt: t.field({ type: 'DateTime', required: true }),
  }),
  (workflow, actor, id, input) => workflow.scheduleFollowUp(actor, id, input),
);

caseMutation<{
  version: number;
  followUpId: GlobalId;
  agreementKept: boolean;
  notes?: string | null;
  completedAt?: Date | null;
}>(
  'completeFollowUp',
  'completeFollowUp',
  '完成回访: was the agreement kept?',
  'CompleteFollowUpInput',
  (t) => ({
    version: t.int({ required: true }),
    followUpId: t.globalID({ for: FollowUpRef, required: true }),
    agreementKept: t.boolean({ required: true }),
    notes: t.string(),
    completedAt: t.field({ type: 'DateTime' }),
  }),
  (workflow, actor, id, input) =>
    workflow.completeFollowUp(actor, id, {
      ...withoutNulls(input),
      followUpId: databaseId(input.followUpId),
    }),
);

caseMutation<{ version: number; note?: string | null }>(
  'close',
  'closeCase',
  '结案: RESOLVED (after its follow-up) or FAILED → CLOSED.',
  'CloseCaseInput',
  (t) => ({ version: t.int({ required: true }), note: t.string() }),
  (workflow, actor, id, input) => workflow.close(actor, id, withoutNulls(input)),
);

caseMutation<{ version: number; riskLevel: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; reason: string }>(
  'changeRisk',
  'changeCaseRisk',
  '风险等级变更: rising to HIGH or CRITICAL escalates at once (及时报告、及时处置).',
  'ChangeCaseRiskInput',
  (t) => ({
    version: t.int({ required: true }),
    riskLevel: t.field({ type: RiskLevelEnum, required: true }),
    reason: t.string({ required: true }),
  }),
  (workflow, actor, id, input) => workflow.changeRisk(actor, id, input),
);
