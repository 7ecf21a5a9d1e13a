import type { CaseWorkflow, Database, Logger, Principal } from '@mediation/core';
import type PrismaTypes from '@mediation/core/pothos-types';
import { getDatamodel } from '@mediation/core/pothos-types';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { Authenticator, Credentials } from '../server/authentication.js';
import type { CaseEventTopic, RevocationTopic } from '../server/pubsub.js';
import { maxPageSize } from './ids.js';

/** Per-request context. */
export interface Context {
  db: Database;
  logger: Logger;
  /** The request's clock: one instant for every "overdue" decision in a request. */
  now: Date;
  /** Case commands (登记, 受理, 指派 …): the only way cases change. */
  workflow: CaseWorkflow;
  /** Who is asking: every rule in @mediation/core's policy/jurisdiction.ts is applied to it. */
  principal: Principal;
  /** The request's credentials, to check again during long subscriptions. */
  credentials: Credentials;
  authenticator: Authenticator;
  /** How often open subscriptions check their credentials again. */
  authRecheckMs: number;
  /** Committed case events, for subscriptions. */
  caseEvents: CaseEventTopic;
  /** Revoked keys and deactivated users, heard from every instance: subscriptions end at once. */
  revocations: RevocationTopic;
  /** How far back a subscription may resume (`after`). */
  resumeWindowMs: number;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Decimal: { Input: string; Output: string | { toFixed(digits: number): string } };
    ID: { Input: string; Output: string | number };
  };
}>({
  plugins: [ErrorsPlugin, SimpleObjectsPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
    maxConnectionSize: maxPageSize,
    defaultConnectionSize: 20,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodesOnConnection: true,
    // `nodes(ids:)` would load any number of records one by one; clients use `node(id:)` and connections
    nodesQueryOptions: false,
  },
  errors: {
    // reportCase → ReportCaseResult = ReportCaseSuccess | ValidationError | …
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
    defaultResultOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Success` },
  },
});

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
