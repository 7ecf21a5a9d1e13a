import { type CaseCommandResult, type CaseWorkflow, systemActor } from '@mediation/core';
import type { InputFieldMap, SchemaTypes } from '@pothos/core';
import { builder, type Context } from './builder.js';
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

type Command<Input> = (workflow: CaseWorkflow, ctx: Context, caseId: number, input: Input) => Promise<CaseCommandResult>;

function caseMutation<Fields extends Record<string, unknown>>(
  name: string,
  description: string,
  inputName: string,
  fields: (t: PothosSchemaTypes.InputFieldBuilder<typeof builder extends { $inferSchemaTypes: infer T extends SchemaTypes } ? T : never, 'InputObject'>) => InputFieldMap,
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
        const result = await run(ctx.workflow, ctx, databaseId(args.id), args.input as unknown as Fields);
        return result.case;
      },
    }),
  );
}

const api = systemActor('api');

caseMutation<{ version: number; organizationId?: { id: string; typename: string } | null; note?: string | null }>(
  'acceptCase',
  '受理: REPORTED → ACCEPTED.',
  'AcceptCaseInput',
  (t) => ({
    version: t.int({ required: true }),
    organizationId: t.globalID({ for: OrganizationRef, description: 'The handling organization.' }),
    note: t.string(),
  }),
  (workflow, _ctx, id, input) =>
    workflow.accept(api, id, { ...withoutNulls(input), organizationId: optionalDatabaseId(input.organizationId) }),
);

caseMutation<{ version: number; reason: string }>(
  'rejectCase',
  '不予受理: REPORTED → REJECTED, with the reason.',
  'RejectCaseInput',
  (t) => ({ version: t.int({ required: true }), reason: t.string({ required: true }) }),
  (workflow, _ctx, id, input) => workflow.reject(api, id, input),
);

caseMutation<{
  version: number;
  leadMediatorId: { id: string; typename: string };
  coMediatorIds?: { id: string; typename: string }[] | null;
  reason?: string | null;
}>(
  'assignCase',
  '指派调解员: ACCEPTED → ASSIGNED; on an assigned or in-mediation case it reassigns (改派) and needs a reason.',
  'AssignCaseInput',
  (t) => ({
    version: t.int({ required: true }),
    leadMediatorId: t.globalID({ for: MediatorRef, required: true }),
    coMediatorIds: t.globalIDList({ for: MediatorRef }),
    reason: t.string(),
  }),
  (workflow, _ctx, id, input) =>
    workflow.assign(api, id, {
      version: input.version,
      leadMediatorId: databaseId(input.leadMediatorId),
      coMediatorIds: input.coMediatorIds?.map(databaseId) ?? [],
      reason: input.reason ?? undefined,
    }),
);

caseMutation<{ version: number; note?: string | null }>(
  'startMediation',
  '开始调解: ASSIGNED → IN_MEDIATION.',
  'StartMediationInput',
  (t) => ({ version: t.int({ required: true }), note: t.string() }),
  (workflow, _ctx, id, input) => workflow.startMediation(api, id, withoutNulls(input)),
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
  (workflow, _ctx, id, input) =>
    workflow.scheduleSession(api, id, { ...withoutNulls(input), mediatorId: optionalDatabaseId(input.mediatorId) }),
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
  (workflow, _ctx, id, input) =>
    workflow.rescheduleSession(api, id, { ...withoutNulls(input), sessionId: databaseId(input.sessionId) }),
);

caseMutation<{ version: number; sessionId: GlobalId; reason: string }>(
  'cancelSession',
  '取消调解 (with a reason).',
  'CancelSessionInput',
  (t) => ({
    version: t.int({ required: true }),
    sessionId: t.globalID({ for: MediationSessionRef, required: true }),
    reason: t.string({ required: true }),
  }),
  (workflow, _ctx, id, input) => workflow.cancelSession(api, id, { ...input, sessionId: databaseId(input.sessionId) }),
);

caseMutation<{
  version: number;
  sessionId: GlobalId;
  outcome: 'AGREED' | 'PARTIAL' | 'NO_AGREEMENT' | 'ADJOURNED';
  minutes: string;
  heldAt?: Date | null;
}>(
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
  (workflow, _ctx, id, input) =>
    workflow.recordSessionOutcome(api, id, { ...withoutNulls(input), sessionId: databaseId(input.sessionId) }),
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
  (workflow, _ctx, id, input) => workflow.recordAgreement(api, id, withoutNulls(input)),
);

caseMutation<{ version: number; fulfillmentStatus: 'PENDING' | 'PARTIAL' | 'FULFILLED' | 'BREACHED'; note?: string | null }>(
  'updateFulfillment',
  '更新协议履行情况.',
  'UpdateFulfillmentInput',
  (t) => ({
    version: t.int({ required: true }),
    fulfillmentStatus: t.field({ type: FulfillmentStatusEnum, required: true }),
    note: t.string(),
  }),
  (workflow, _ctx, id, input) => workflow.updateFulfillment(api, id, withoutNulls(input)),
);

caseMutation<{ version: number; guidance: 'LITIGATION' | 'ARBITRATION' | 'OTHER_CHANNEL'; reason: string }>(
  'markCaseFailed',
  '调解不成: IN_MEDIATION → FAILED, with the guidance given (诉讼, 仲裁, 其他途径).',
  'MarkCaseFailedInput',
  (t) => ({
    version: t.int({ required: true }),
    guidance: t.field({ type: FailureGuidanceEnum, required: true }),
    reason: t.string({ required: true }),
  }),
  (workflow, _ctx, id, input) => workflow.markFailed(api, id, input),
);

caseMutation<{ version: number; reason: string }>(
  'withdrawCase',
  '撤回: any open case → WITHDRAWN, with the reason.',
  'WithdrawCaseInput',
  (t) => ({ version: t.int({ required: true }), reason: t.string({ required: true }) }),
  (workflow, _ctx, id, input) => workflow.withdraw(api, id, input),
);

caseMutation<{
  version: number;
  reason: string;
  toOrganizationId?: GlobalId | null;
  toRegionId?: GlobalId | null;
  toExternalSystem?: string | null;
}>(
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
  (workflow, _ctx, id, input) =>
    workflow.transfer(api, id, {
      ...withoutNulls(input),
      toOrganizationId: optionalDatabaseId(input.toOrganizationId),
      toRegionId: optionalDatabaseId(input.toRegionId),
    }),
);

caseMutation<{ version: number; method: 'VISIT' | 'PHONE' | 'OTHER'; dueAt: Date }>(
  'scheduleFollowUp',
  '安排回访 (resolved case).',
  'ScheduleFollowUpInput',
  (t) => ({
    version: t.int({ required: true }),
    method: t.field({ type: FollowUpMethodEnum, required: true }),
    dueAt: t.field({ type: 'DateTime', required: true }),
  }),
  (workflow, _ctx, id, input) => workflow.scheduleFollowUp(api, id, input),
);

caseMutation<{
  version: number;
  followUpId: GlobalId;
  agreementKept: boolean;
  notes?: string | null;
  completedAt?: Date | null;
}>(
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
  (workflow, _ctx, id, input) =>
    workflow.completeFollowUp(api, id, { ...withoutNulls(input), followUpId: databaseId(input.followUpId) }),
);

caseMutation<{ version: number; note?: string | null }>(
  'closeCase',
  '结案: RESOLVED (after its follow-up) or FAILED → CLOSED.',
  'CloseCaseInput',
  (t) => ({ version: t.int({ required: true }), note: t.string() }),
  (workflow, _ctx, id, input) => workflow.close(api, id, withoutNulls(input)),
);

caseMutation<{ version: number; riskLevel: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; reason: string }>(
  'changeCaseRisk',
  '风险等级变更: rising to HIGH or CRITICAL escalates at once (及时报告、及时处置).',
  'ChangeCaseRiskInput',
  (t) => ({
    version: t.int({ required: true }),
    riskLevel: t.field({ type: RiskLevelEnum, required: true }),
    reason: t.string({ required: true }),
  }),
  (workflow, _ctx, id, input) => workflow.changeRisk(api, id, input),
);
