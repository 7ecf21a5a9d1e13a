import { CaseEventType, CaseStatus } from '../generated/prisma/enums.js';
import { openCaseStatuses } from './case-status.js';

export type CaseCommandName =
  | 'accept'
  | 'reject'
  | 'assign'
  | 'reassign'
  | 'startMediation'
  | 'scheduleSession'
  | 'rescheduleSession'
  | 'cancelSession'
  | 'recordSessionOutcome'
  | 'recordAgreement'
  | 'updateFulfillment'
  | 'markFailed'
  | 'withdraw'
  | 'transfer'
  | 'scheduleFollowUp'
  | 'completeFollowUp'
  | 'close'
  | 'changeRisk';

export interface CaseTransition {
  /** Statuses the command may run in. */
  from: readonly CaseStatus[];
  /** Status after the command; null keeps the current one. */
  to: CaseStatus | null;
  /** The case event the command records. */
  event: CaseEventType;
}

const open = openCaseStatuses;
const { REPORTED, ACCEPTED, ASSIGNED, IN_MEDIATION, RESOLVED, FAILED, CLOSED } = CaseStatus;

/**
 * The case lifecycle, in one table: every command, where it may run and where it leads.
 * REPORTED → ACCEPTED | REJECTED → ASSIGNED → IN_MEDIATION → RESOLVED | FAILED → CLOSED;
 * any open case can be WITHDRAWN or TRANSFERRED.
 */
export const caseTransitions: Readonly<Record<CaseCommandName, CaseTransition>> = {
  accept: { from: [REPORTED], to: ACCEPTED, event: CaseEventType.ACCEPTED },
  reject: { from: [REPORTED], to: CaseStatus.REJECTED, event: CaseEventType.REJECTED },
  assign: { from: [ACCEPTED], to: ASSIGNED, event: CaseEventType.ASSIGNED },
  reassign: { from: [ASSIGNED, IN_MEDIATION], to: null, event: CaseEventType.ASSIGNED },
  startMediation: {
    from: [ASSIGNED],
    to: IN_MEDIATION,
    event: CaseEventType.MEDIATION_STARTED,
  },
  scheduleSession: {
    from: [ASSIGNED, IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_SCHEDULED,
  },
  rescheduleSession: {
    from: [ASSIGNED, IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_RESCHEDULED,
  },
  cancelSession: {
    from: [ASSIGNED, IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_CANCELLED,
  },
  recordSessionOutcome: {
    from: [IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_HELD,
  },
  recordAgreement: {
    from: [IN_MEDIATION],
    to: RESOLVED,
    event: CaseEventType.AGREEMENT_RECORDED,
  },
  updateFulfillment: {
    from: [RESOLVED, CLOSED],
    to: null,
    event: CaseEventType.FULFILLMENT_UPDATED,
  },
  markFailed: { from: [IN_MEDIATION], to: FAILED, event: CaseEventType.FAILED },
  withdraw: { from: open, to: CaseStatus.WITHDRAWN, event: CaseEventType.WITHDRAWN },
  transfer: {
    from: open,
    to: CaseStatus.TRANSFERRED,
    event: CaseEventType.TRANSFERRED,
  },
  scheduleFollowUp: {
    from: [RESOLVED],
    to: null,
    event: CaseEventType.FOLLOW_UP_SCHEDULED,
  },
  completeFollowUp: {
    from: [RESOLVED],
    to: null,
    event: CaseEventType.FOLLOW_UP_COMPLETED,
  },
  close: { from: [RESOLVED, FAILED], to: CLOSED, event: CaseEventType.CLOSED },
  changeRisk: { from: open, to: null, event: CaseEventType.RISK_CHANGED },
};
