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
  /** Whether the command must carry a reason (理由). */
  reasonRequired: boolean;
}

const open = openCaseStatuses;
const { REPORTED, ACCEPTED, ASSIGNED, IN_MEDIATION, RESOLVED, FAILED, CLOSED } = CaseStatus;

/**
 * The case lifecycle, in one table: every command, where it may run and where it leads.
 * REPORTED → ACCEPTED | REJECTED → ASSIGNED → IN_MEDIATION → RESOLVED | FAILED → CLOSED;
 * any open case can be WITHDRAWN or TRANSFERRED.
 */
export const caseTransitions: Readonly<Record<CaseCommandName, CaseTransition>> = {
  accept: { from: [REPORTED], to: ACCEPTED, event: CaseEventType.ACCEPTED, reasonRequired: false },
  reject: { from: [REPORTED], to: CaseStatus.REJECTED, event: CaseEventType.REJECTED, reasonRequired: true },
  assign: { from: [ACCEPTED], to: ASSIGNED, event: CaseEventType.ASSIGNED, reasonRequired: false },
  reassign: { from: [ASSIGNED, IN_MEDIATION], to: null, event: CaseEventType.ASSIGNED, reasonRequired: true },
  startMediation: {
    from: [ASSIGNED],
    to: IN_MEDIATION,
    event: CaseEventType.MEDIATION_STARTED,
    reasonRequired: false,
  },
  scheduleSession: {
    from: [ASSIGNED, IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_SCHEDULED,
    reasonRequired: false,
  },
  rescheduleSession: {
    from: [ASSIGNED, IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_RESCHEDULED,
    reasonRequired: true,
  },
  cancelSession: {
    from: [ASSIGNED, IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_CANCELLED,
    reasonRequired: true,
  },
  recordSessionOutcome: {
    from: [IN_MEDIATION],
    to: null,
    event: CaseEventType.SESSION_HELD,
    reasonRequired: false,
  },
  recordAgreement: {
    from: [IN_MEDIATION],
    to: RESOLVED,
    event: CaseEventType.AGREEMENT_RECORDED,
    reasonRequired: false,
  },
  updateFulfillment: {
    from: [RESOLVED, CLOSED],
    to: null,
    event: CaseEventType.FULFILLMENT_UPDATED,
    reasonRequired: false,
  },
  markFailed: { from: [IN_MEDIATION], to: FAILED, event: CaseEventType.FAILED, reasonRequired: true },
  withdraw: { from: open, to: CaseStatus.WITHDRAWN, event: CaseEventType.WITHDRAWN, reasonRequired: true },
  transfer: {
    from: open,
    to: CaseStatus.TRANSFERRED,
    event: CaseEventType.TRANSFERRED,
    reasonRequired: true,
  },
  scheduleFollowUp: {
    from: [RESOLVED],
    to: null,
    event: CaseEventType.FOLLOW_UP_SCHEDULED,
    reasonRequired: false,
  },
  completeFollowUp: {
    from: [RESOLVED],
    to: null,
    event: CaseEventType.FOLLOW_UP_COMPLETED,
    reasonRequired: false,
  },
  close: { from: [RESOLVED, FAILED], to: CLOSED, event: CaseEventType.CLOSED, reasonRequired: false },
  changeRisk: { from: open, to: null, event: CaseEventType.RISK_CHANGED, reasonRequired: true },
};

export function isAllowed(command: CaseCommandName, status: CaseStatus): boolean {
  return caseTransitions[command].from.includes(status);
}
