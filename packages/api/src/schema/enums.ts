import {
  AgreementForm,
  CaseCategory,
  CaseEventType,
  CaseSource,
  CaseStatus,
  FailureGuidance,
  FollowUpMethod,
  FollowUpStatus,
  FulfillmentStatus,
  GridMemberRole,
  glossary,
  MediatorType,
  OrganizationType,
  PartyKind,
  PartyRole,
  RegionLevel,
  RiskLevel,
  SessionMode,
  SessionOutcome,
  SessionStatus,
} from '@mediation/core';
import { builder } from './builder.js';

/** Registers a domain enum with the glossary's Chinese term for each value as its description. */
function domainEnum<E extends Record<string, string>, K extends keyof typeof glossary>(
  name: string,
  values: E,
  kind: K & { [V in keyof E]: V extends keyof (typeof glossary)[K]['labels'] ? K : never }[keyof E],
) {
  const { term, labels } = glossary[kind];
  const described = Object.fromEntries(
    Object.keys(values).map((key) => [key, { description: (labels as Record<string, string>)[key] }]),
  );
  // Every value has a label (the glossary's types say so); Pothos' option type for object enums is narrower.
  return builder.enumType(values, { name, description: term, values: described } as never);
}

export const RegionLevelEnum = domainEnum('RegionLevel', RegionLevel, 'RegionLevel');
export const GridMemberRoleEnum = domainEnum('GridMemberRole', GridMemberRole, 'GridMemberRole');
export const OrganizationTypeEnum = domainEnum('OrganizationType', OrganizationType, 'OrganizationType');
export const MediatorTypeEnum = domainEnum('MediatorType', MediatorType, 'MediatorType');
export const CaseCategoryEnum = domainEnum('CaseCategory', CaseCategory, 'CaseCategory');
export const CaseSourceEnum = domainEnum('CaseSource', CaseSource, 'CaseSource');
export const CaseStatusEnum = domainEnum('CaseStatus', CaseStatus, 'CaseStatus');
export const RiskLevelEnum = domainEnum('RiskLevel', RiskLevel, 'RiskLevel');
export const FailureGuidanceEnum = domainEnum('FailureGuidance', FailureGuidance, 'FailureGuidance');
export const PartyRoleEnum = domainEnum('PartyRole', PartyRole, 'PartyRole');
export const PartyKindEnum = domainEnum('PartyKind', PartyKind, 'PartyKind');
export const SessionModeEnum = domainEnum('SessionMode', SessionMode, 'SessionMode');
export const SessionStatusEnum = domainEnum('SessionStatus', SessionStatus, 'SessionStatus');
export const SessionOutcomeEnum = domainEnum('SessionOutcome', SessionOutcome, 'SessionOutcome');
export const AgreementFormEnum = domainEnum('AgreementForm', AgreementForm, 'AgreementForm');
export const FulfillmentStatusEnum = domainEnum('FulfillmentStatus', FulfillmentStatus, 'FulfillmentStatus');
export const FollowUpMethodEnum = domainEnum('FollowUpMethod', FollowUpMethod, 'FollowUpMethod');
export const FollowUpStatusEnum = domainEnum('FollowUpStatus', FollowUpStatus, 'FollowUpStatus');
export const CaseEventTypeEnum = domainEnum('CaseEventType', CaseEventType, 'CaseEventType');
