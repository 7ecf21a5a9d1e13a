import { graphql } from '@mediation/sdk';

// The portal's own documents, typed by the SDK from the same schema (no code generation). The rest
// (viewer, board, weekly report, case feed) are the SDK's ready operations.

/** 各状态案件数 (one aliased count per status; the API caps aliases at 15 per operation). */
export const StatusCountsQuery = graphql(`
  query PortalStatusCounts($regionId: ID) {
    all: cases(first: 1, filter: { regionId: $regionId }) { totalCount }
    reported: cases(first: 1, filter: { regionId: $regionId, statuses: [REPORTED] }) { totalCount }
    accepted: cases(first: 1, filter: { regionId: $regionId, statuses: [ACCEPTED] }) { totalCount }
    assigned: cases(first: 1, filter: { regionId: $regionId, statuses: [ASSIGNED] }) { totalCount }
    inMediation: cases(first: 1, filter: { regionId: $regionId, statuses: [IN_MEDIATION] }) { totalCount }
    resolved: cases(first: 1, filter: { regionId: $regionId, statuses: [RESOLVED] }) { totalCount }
    failed: cases(first: 1, filter: { regionId: $regionId, statuses: [FAILED] }) { totalCount }
    closed: cases(first: 1, filter: { regionId: $regionId, statuses: [CLOSED] }) { totalCount }
    rejected: cases(first: 1, filter: { regionId: $regionId, statuses: [REJECTED] }) { totalCount }
    withdrawn: cases(first: 1, filter: { regionId: $regionId, statuses: [WITHDRAWN] }) { totalCount }
    transferred: cases(first: 1, filter: { regionId: $regionId, statuses: [TRANSFERRED] }) { totalCount }
  }
`);

/** 各类型案件数 */
export const CategoryCountsQuery = graphql(`
  query PortalCategoryCounts($regionId: ID) {
    marriageFamily: cases(first: 1, filter: { regionId: $regionId, categories: [MARRIAGE_FAMILY] }) { totalCount }
    neighborhood: cases(first: 1, filter: { regionId: $regionId, categories: [NEIGHBORHOOD] }) { totalCount }
    propertyManagement: cases(first: 1, filter: { regionId: $regionId, categories: [PROPERTY_MANAGEMENT] }) { totalCount }
    laborWages: cases(first: 1, filter: { regionId: $regionId, categories: [LABOR_WAGES] }) { totalCount }
    tortDamages: cases(first: 1, filter: { regionId: $regionId, categories: [TORT_DAMAGES] }) { totalCount }
    consumer: cases(first: 1, filter: { regionId: $regionId, categories: [CONSUMER] }) { totalCount }
    tourism: cases(first: 1, filter: { regionId: $regionId, categories: [TOURISM] }) { totalCount }
    medical: cases(first: 1, filter: { regionId: $regionId, categories: [MEDICAL] }) { totalCount }
    contract: cases(first: 1, filter: { regionId: $regionId, categories: [CONTRACT] }) { totalCount }
    housingLease: cases(first: 1, filter: { regionId: $regionId, categories: [HOUSING_LEASE] }) { totalCount }
    debt: cases(first: 1, filter: { regionId: $regionId, categories: [DEBT] }) { totalCount }
    landGrassland: cases(first: 1, filter: { regionId: $regionId, categories: [LAND_GRASSLAND] }) { totalCount }
    other: cases(first: 1, filter: { regionId: $regionId, categories: [OTHER] }) { totalCount }
  }
`);

/** aliasOf('IN_MEDIATION') === 'inMediation': the alias a count is answered under. */
export function aliasOf(value: string): string {
  return value.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}
