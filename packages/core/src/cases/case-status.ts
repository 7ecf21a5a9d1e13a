import { CaseStatus, RiskLevel } from '../generated/prisma/enums.js';

/** Statuses in which a case is still being worked (counts against a mediator's capacity). */
export const openCaseStatuses: readonly CaseStatus[] = [
  CaseStatus.REPORTED,
  CaseStatus.ACCEPTED,
  CaseStatus.ASSIGNED,
  CaseStatus.IN_MEDIATION,
];

/** Risk levels ordered from lowest to highest. */
export const riskLevelOrder: readonly RiskLevel[] = [
  RiskLevel.LOW,
  RiskLevel.MEDIUM,
  RiskLevel.HIGH,
  RiskLevel.CRITICAL,
];

export function riskLevelsAtLeast(minimum: RiskLevel): RiskLevel[] {
  return riskLevelOrder.slice(riskLevelOrder.indexOf(minimum));
}
