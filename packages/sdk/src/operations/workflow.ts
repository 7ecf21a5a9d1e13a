import { graphql } from '../graphql.js';
import { CaseSummaryFields, CommandErrorFields } from './fragments.js';

// Every lifecycle command: the result union is `{ __typename: '…Success', case }` or one of the
// typed errors (narrow with `isFailure`, or `unwrap` to throw them). Each answers the case's new
// `version`, which the next command sends back (optimistic concurrency).

/** 登记矛盾纠纷 */
export const ReportCaseMutation = graphql(
  `
  mutation ReportCase($input: ReportCaseInput!) {
    reportCase(input: $input) {
      __typename
      ... on ReportCaseSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 受理 */
export const AcceptCaseMutation = graphql(
  `
  mutation AcceptCase($id: ID!, $input: AcceptCaseInput!) {
    acceptCase(id: $id, input: $input) {
      __typename
      ... on AcceptCaseSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 不予受理 */
export const RejectCaseMutation = graphql(
  `
  mutation RejectCase($id: ID!, $input: RejectCaseInput!) {
    rejectCase(id: $id, input: $input) {
      __typename
      ... on RejectCaseSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 指派/改派调解员 */
export const AssignCaseMutation = graphql(
  `
  mutation AssignCase($id: ID!, $input: AssignCaseInput!) {
    assignCase(id: $id, input: $input) {
      __typename
      ... on AssignCaseSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 开始调解 */
export const StartMediationMutation = graphql(
  `
  mutation StartMediation($id: ID!, $input: StartMediationInput!) {
    startMediation(id: $id, input: $input) {
      __typename
      ... on StartMediationSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 安排调解 (面对面, 视频 键对键, 电话, 文字) */
export const ScheduleSessionMutation = graphql(
  `
  mutation ScheduleSession($id: ID!, $input: ScheduleSessionInput!) {
    scheduleSession(id: $id, input: $input) {
      __typename
      ... on ScheduleSessionSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 调整调解时间 */
export const RescheduleSessionMutation = graphql(
  `
  mutation RescheduleSession($id: ID!, $input: RescheduleSessionInput!) {
    rescheduleSession(id: $id, input: $input) {
      __typename
      ... on RescheduleSessionSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 取消调解 */
export const CancelSessionMutation = graphql(
  `
  mutation CancelSession($id: ID!, $input: CancelSessionInput!) {
    cancelSession(id: $id, input: $input) {
      __typename
      ... on CancelSessionSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 记录调解结果与笔录 */
export const RecordSessionOutcomeMutation = graphql(
  `
  mutation RecordSessionOutcome($id: ID!, $input: RecordSessionOutcomeInput!) {
    recordSessionOutcome(id: $id, input: $input) {
      __typename
      ... on RecordSessionOutcomeSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 达成调解协议 → RESOLVED */
export const RecordAgreementMutation = graphql(
  `
  mutation RecordAgreement($id: ID!, $input: RecordAgreementInput!) {
    recordAgreement(id: $id, input: $input) {
      __typename
      ... on RecordAgreementSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 更新协议履行情况 */
export const UpdateFulfillmentMutation = graphql(
  `
  mutation UpdateFulfillment($id: ID!, $input: UpdateFulfillmentInput!) {
    updateFulfillment(id: $id, input: $input) {
      __typename
      ... on UpdateFulfillmentSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 调解不成 → FAILED */
export const MarkCaseFailedMutation = graphql(
  `
  mutation MarkCaseFailed($id: ID!, $input: MarkCaseFailedInput!) {
    markCaseFailed(id: $id, input: $input) {
      __typename
      ... on MarkCaseFailedSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 撤回 */
export const WithdrawCaseMutation = graphql(
  `
  mutation WithdrawCase($id: ID!, $input: WithdrawCaseInput!) {
    withdrawCase(id: $id, input: $input) {
      __typename
      ... on WithdrawCaseSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 移交 */
export const TransferCaseMutation = graphql(
  `
  mutation TransferCase($id: ID!, $input: TransferCaseInput!) {
    transferCase(id: $id, input: $input) {
      __typename
      ... on TransferCaseSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 安排回访 */
export const ScheduleFollowUpMutation = graphql(
  `
  mutation ScheduleFollowUp($id: ID!, $input: ScheduleFollowUpInput!) {
    scheduleFollowUp(id: $id, input: $input) {
      __typename
      ... on ScheduleFollowUpSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 完成回访 */
export const CompleteFollowUpMutation = graphql(
  `
  mutation CompleteFollowUp($id: ID!, $input: CompleteFollowUpInput!) {
    completeFollowUp(id: $id, input: $input) {
      __typename
      ... on CompleteFollowUpSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 结案 */
export const CloseCaseMutation = graphql(
  `
  mutation CloseCase($id: ID!, $input: CloseCaseInput!) {
    closeCase(id: $id, input: $input) {
      __typename
      ... on CloseCaseSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);

/** 风险等级变更 (HIGH/CRITICAL escalates) */
export const ChangeCaseRiskMutation = graphql(
  `
  mutation ChangeCaseRisk($id: ID!, $input: ChangeCaseRiskInput!) {
    changeCaseRisk(id: $id, input: $input) {
      __typename
      ... on ChangeCaseRiskSuccess { case { ...CaseSummaryFields } }
      ...CommandErrorFields
    }
  }
`,
  [CaseSummaryFields, CommandErrorFields],
);
