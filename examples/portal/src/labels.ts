import { labels } from '@mediation/sdk';

/*
 * The platform's own Chinese words for its enums: the SDK generates them from the schema's
 * descriptions (which come from the platform's glossary), so the board never keeps a copy of its own.
 */
export const statusLabels: Record<string, string> = labels.CaseStatus;
export const categoryLabels: Record<string, string> = labels.CaseCategory;
export const riskLabels: Record<string, string> = labels.RiskLevel;
export const eventLabels: Record<string, string> = labels.CaseEventType;
