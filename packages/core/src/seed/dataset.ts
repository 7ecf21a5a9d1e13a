import type {
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
  LedgerKind,
  MediatorType,
  OrganizationType,
  PartyKind,
  PartyRole,
  RegionLevel,
  RiskLevel,
  SessionMode,
  SessionOutcome,
  SessionStatus,
  UserRole,
} from '../generated/prisma/enums.js';

/*
 * The demo data set as plain rows. Rows refer to each other by index into the arrays of
 * `DemoDataset` (`region: 3` = `dataset.regions[3]`); database ids are assigned only when writing.
 */

export type Ref = number;

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent: Ref | null;
  depth: number;
}

export interface GridRow {
  code: string;
  name: string;
  region: Ref;
  households: number;
  population: number;
  description: string;
}

export interface GridMemberRow {
  grid: Ref;
  role: GridMemberRole;
  name: string;
  phone: string;
  user: Ref | null;
}

export interface OrganizationRow {
  code: string;
  name: string;
  type: OrganizationType;
  region: Ref;
  address: string;
  phone: string;
}

export interface MediatorRow {
  code: string;
  name: string;
  type: MediatorType;
  organization: Ref;
  phone: string;
  specialties: CaseCategory[];
  languages: string[];
  capacity: number;
  active: boolean;
}

export interface MediatorGridRow {
  mediator: Ref;
  grid: Ref;
}

export interface UserRow {
  username: string;
  displayName: string;
  role: UserRole;
  region: Ref | null;
  mediator: Ref | null;
}

export interface CaseRow {
  /** Case number prefix (`330106-2026`) and sequence within it. */
  prefix: string;
  sequence: number;
  title: string;
  facts: string;
  category: CaseCategory;
  tags: string[];
  source: CaseSource;
  externalSystem: string | null;
  externalRef: string | null;
  region: Ref;
  grid: Ref;
  organization: Ref | null;
  leadMediator: Ref | null;
  amount: string | null;
  riskLevel: RiskLevel;
  greenChannel: boolean;
  status: CaseStatus;
  statusReason: string | null;
  failureGuidance: FailureGuidance | null;
  reportedAt: Date;
  acceptDeadline: Date;
  resolveDeadline: Date;
  followUpDeadline: Date | null;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  escalatedAt: Date | null;
  reportedBy: Ref | null;
  version: number;
  updatedAt: Date;
}

export interface PartyRow {
  case: Ref;
  role: PartyRole;
  kind: PartyKind;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

export interface CoMediatorRow {
  case: Ref;
  mediator: Ref;
  assignedAt: Date;
}

export interface SessionRow {
  case: Ref;
  mediator: Ref | null;
  mode: SessionMode;
  status: SessionStatus;
  scheduledAt: Date;
  location: string | null;
  link: string | null;
  heldAt: Date | null;
  outcome: SessionOutcome | null;
  minutes: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgreementRow {
  case: Ref;
  form: AgreementForm;
  terms: string;
  signedAt: Date;
  amount: string | null;
  judicialConfirmationRequested: boolean;
  fulfillmentStatus: FulfillmentStatus;
  updatedAt: Date;
}

export interface FollowUpRow {
  case: Ref;
  method: FollowUpMethod;
  status: FollowUpStatus;
  dueAt: Date;
  completedAt: Date | null;
  agreementKept: boolean | null;
  notes: string | null;
  createdAt: Date;
}

/** Event `data` may mention other rows; they are turned into ids when written. */
export interface EventRefs {
  organization?: Ref;
  mediator?: Ref;
  coMediators?: Ref[];
  session?: Ref;
  agreement?: Ref;
  followUp?: Ref;
}

export interface EventRow {
  case: Ref;
  type: CaseEventType;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  reason: string | null;
  data: Record<string, string | number | boolean | null>;
  refs: EventRefs;
  actor: Ref | null;
  createdAt: Date;
}

export interface LedgerRow {
  grid: Ref;
  kind: LedgerKind;
  title: string;
  content: string;
  case: Ref | null;
  recordedBy: Ref | null;
  recordedAt: Date;
}

export interface ScreeningRow {
  grid: Ref;
  reporter: Ref | null;
  screenedOn: Date;
  householdsVisited: number;
  disputesFound: number;
  zeroReport: boolean;
  campaign: string | null;
  notes: string;
  createdAt: Date;
}

export interface DemoDataset {
  /** When the structure (regions, grids, organizations, people) was "set up". */
  establishedAt: Date;
  regions: RegionRow[];
  grids: GridRow[];
  gridMembers: GridMemberRow[];
  organizations: OrganizationRow[];
  mediators: MediatorRow[];
  mediatorGrids: MediatorGridRow[];
  users: UserRow[];
  cases: CaseRow[];
  parties: PartyRow[];
  coMediators: CoMediatorRow[];
  sessions: SessionRow[];
  agreements: AgreementRow[];
  followUps: FollowUpRow[];
  events: EventRow[];
  ledger: LedgerRow[];
  screenings: ScreeningRow[];
  /** Final value of each case number counter. */
  sequences: { prefix: string; lastValue: number }[];
}
