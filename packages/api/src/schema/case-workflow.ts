import type { Actor, CaseCommandName, CaseCommandResult, CaseWorkflow } from '@mediation/core';
import type { InputFieldMap, InputObjectRef, InputShapeFromFields, SchemaTypes } from '@pothos/core';
import { builder } from './builder.js';
import { CaseRef } from './case.js';
import {
  AgreementFormEnum,
  CaseCategoryEnum,
  CaseSourceEnum,
  FailureGuidanceEnum,
  FollowUpMethodEnum,
  FulfillmentStatusEnum,
  PartyKindEnum,
  PartyRoleEnum,
  RiskLevelEnum,
  SessionModeEnum,
  SessionOutcomeEnum,
} from './enums.js';
import { caseCommandErrors, mutationErrors } from './errors.js';
import { FollowUpRef } from './follow-up.js';
import { GridRef } from './grid.js';
import { databaseId, optionalDatabaseId } from './ids.js';
import { withoutNulls } from './input.js';
import { MediationSessionRef } from './mediation-session.js';
import { MediatorRef } from './mediator.js';
import { OrganizationRef } from './organization.js';
import { RegionRef } from './region.js';

/*
 * 登记: a new case. */
const PartyInput = builder.inputType('PartyInput', {
  fields: (t) => ({
    role: t.field({ type: PartyRoleEnum, required: true }),
    kind: t.field({ type: PartyKindEnum, defaultValue: 'PERSON' }),
    name: t.string({ required: true }),
    idNumber: t.string({ description: '18-digit 身份证号 (persons) or 统一社会信用代码 (organizations).' }),
    phone: t.string({ description: 'Mainland mobile number.' }),
    address: t.string(),
  }),
});

const ReportCaseInput = builder.inputType('ReportCaseInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    facts: t.string({ required: true }),
    category: t.field({ type: CaseCategoryEnum, required: true }),
    tags: t.stringList(),
    source: t.field({ type: CaseSourceEnum, required: true }),
    regionId: t.globalID({
      for: RegionRef,
      description: 'Town/street or village/community; optional when gridId is given.',
    }),
    gridId: t.globalID({ for: GridRef }),
    amount: t.field({ type: 'Decimal' }),
    riskLevel: t.field({ type: RiskLevelEnum }),
    greenChannel: t.boolean(),
    language: t.string({ description: 'Language the parties need (调解语言), e.g. 藏语.' }),
    externalSystem: t.string(),
    externalRef: t.string(),
    parties: t.field({ type: [PartyInput], required: true }),
  }),
});

builder.mutationFields((t) => ({
  reportCase: t.field({
    type: CaseRef,
    description: '登记矛盾纠纷',
    args: { input: t.arg({ type: ReportCaseInput, required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'case' } },
    // The command checks who may register where (grid workers in their grids, supervisors in
    // their region, keys with referrals:write) inside its transaction.
    resolve: async (_root, { input }, ctx) => {
      const result = await ctx.workflow.report(ctx.principal, {
        ...withoutNulls(input),
        regionId: optionalDatabaseId(input.regionId),
        gridId: optionalDatabaseId(input.gridId),
        parties: input.parties.map((party) => withoutNulls(party)),
      });
      return result.case;
    },
  }),
}));

/*
 * The case lifecycle as mutations. Each takes the case's global ID and an input carrying the
 * `version` the caller read; each returns the updated case or a typed error (illegal transition,
 * stale version, validation, not found). The rules live in @mediation/core (case-transitions.ts).
 */

type GlobalId = { id: string; typename: string };
type Types = typeof builder extends { $inferSchemaTypes: infer T extends SchemaTypes } ? T : never;

/**
 * One lifecycle mutation: `<name>(id: ID!, input: <inputName>!)`. The input's fields are declared
 * once, here; `run` receives them as Pothos infers them and must hand the core command what its zod
 * schema takes, so a field of the wrong type or name is a compile error, not a cast.
 */
export function caseMutation<Fields extends InputFieldMap>(
  command: CaseCommandName,
  name: string,
  description: string,
  inputName: string,
  fields: (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => Fields,
  run: (
    workflow: CaseWorkflow,
    actor: Actor,
    caseId: number,
    input: InputShapeFromFields<Fields>,
  ) => Promise<CaseCommandResult>,
) {
  const Input: InputObjectRef<Types, InputShapeFromFields<Fields>> = builder.inputType(inputName, {
    fields,
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: CaseRef,
      description,
      args: {
        id: t.arg.globalID({ for: CaseRef, required: true }),
        input: t.arg({ type: Input, required: true }),
      },
      errors: { types: caseCommandErrors, dataField: { name: 'case' } },
      // The command checks the caller's role and jurisdiction itself, inside its transaction.
      resolve: async (_root, args, ctx) => {
        // Pothos cannot evaluate its argument types for a generic `Fields`; `Input` above is built
        // from exactly these fields, so this names the same type rather than asserting another.
        const { id, input } = args as { id: GlobalId; input: InputShapeFromFields<Fields> };
        return (await run(ctx.workflow, ctx.principal, databaseId(id), input)).case;
      },
    }),
  );
  return command;
}

caseMutation(
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

caseMutation(
  'reject',
  'rejectCase',
  '不予受理: REPORTED → REJECTED, with the reason.',
  'RejectCaseInput',
  (t) => ({ version: t.int({ required: true }), reason: t.string({ required: true }) }),
  (workflow, actor, id, input) => workflow.reject(actor, id, input),
);

caseMutation(
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

caseMutation(
  'startMediation',
  'startMediation',
  '开始调解: ASSIGNED → IN_MEDIATION.',
  'StartMediationInput',
  (t) => ({ version: t.int({ required: true }), note: t.string() }),
  (workflow, actor, id, input) => workflow.startMediation(actor, id, withoutNulls(input)),
);

caseMutation(
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

caseMutation(
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

caseMutation(
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

caseMutation(
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

caseMutation(
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

caseMutation(
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

caseMutation(
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

caseMutation(
  'withdraw',
  'withdrawCase',
  '撤回: any open case → WITHDRAWN, with the reason.',
  'WithdrawCaseInput',
  (t) => ({ version: t.int({ required: true }), reason: t.string({ required: true }) }),
  (workflow, actor, id, input) => workflow.withdraw(actor, id, input),
);

caseMutation(
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

caseMutation(
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

caseMutation(
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

caseMutation(
  'close',
  'closeCase',
  '结案: RESOLVED (after its follow-up) or FAILED → CLOSED.',
  'CloseCaseInput',
  (t) => ({ version: t.int({ required: true }), note: t.string() }),
  (workflow, actor, id, input) => workflow.close(actor, id, withoutNulls(input)),
);

caseMutation(
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
