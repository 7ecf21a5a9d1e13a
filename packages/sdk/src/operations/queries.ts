import { graphql } from '../graphql.js';
import { CaseEventFields, CaseSummaryFields } from './fragments.js';

/** 当前登录者: who the credentials name, their role, region, grids and mediator record. */
export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      kind
      username
      name
      role
      scopes
      expiresAt
      region { id name code level }
      grids { id name code }
      mediator { id name code type organization { id name } }
    }
  }
`);

/** 案件看板: a page of cases by filter and order, with counts. Walk it with `client.paginate`. */
export const CaseBoardQuery = graphql(
  `
  query CaseBoard($filter: CaseFilter, $orderBy: CaseOrder, $first: Int = 50, $after: String) {
    cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...CaseSummaryFields }
    }
  }
`,
  [CaseSummaryFields],
);

/** A case with its parties (personal data masked), sessions, agreement, follow-ups and timeline. */
export const CaseWithTimelineQuery = graphql(
  `
  query CaseWithTimeline($id: ID!, $events: Int = 50) {
    node(id: $id) {
      ... on Case {
        ...CaseSummaryFields
        facts
        amount
        language
        statusReason
        organization { id name }
        coMediators { id name }
        parties { id role kind name phone idNumber address }
        sessions { id mode status scheduledAt heldAt location link outcome minutes mediator { id name } }
        agreement { id form terms amount signedAt judicialConfirmationRequested fulfillmentStatus }
        followUps { id }
        events(last: $events) { totalCount nodes { ...CaseEventFields } }
      }
    }
  }
`,
  [CaseSummaryFields, CaseEventFields],
);

/** 我的案件: the cases the signed-in mediator leads or co-mediates, soonest deadline first. */
export const MyCasesQuery = graphql(
  `
  query MyCases($filter: CaseFilter, $first: Int = 50, $after: String) {
    viewer {
      mediator {
        id
        name
        openCaseCount
        capacity
        cases(filter: $filter, first: $first, after: $after, orderBy: { field: RESOLVE_DEADLINE, direction: ASC }) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { ...CaseSummaryFields }
        }
      }
    }
  }
`,
  [CaseSummaryFields],
);

/** 周报告 of a region subtree for the week starting on a Monday (YYYY-MM-DD). */
export const WeeklyReportQuery = graphql(`
  query WeeklyReport($regionId: ID!, $weekStart: String!) {
    weeklyReport(regionId: $regionId, weekStart: $weekStart) {
      weekStart
      weekEnd
      asOf
      region { id name code }
      newCases
      accepted
      resolved
      failed
      closed
      escalated
      openAtEnd
      overdueAtEnd
      resolutionRate
      newByCategory { key label count }
      newBySource { key label count }
      zeroReportGrids { id name }
    }
  }
`);

/** 行政区划: a region by its 12-digit code with three levels of children (the tree an app shows). */
export const RegionTreeQuery = graphql(`
  query RegionTree($code: String!) {
    region(code: $code) {
      id
      code
      name
      level
      ancestors { id code name level }
      children {
        id
        code
        name
        level
        children {
          id
          code
          name
          level
          children { id code name level }
        }
      }
    }
  }
`);

/** The top-level regions (a deployment's root), to start a tree from. */
export const RegionRootsQuery = graphql(`
  query RegionRoots {
    regions(first: 50, filter: { level: PROVINCE }) {
      nodes { id code name level }
    }
  }
`);

/** 推荐调解员 for a case, ranked, with the reasons (推荐理由). */
export const MediatorSuggestionsQuery = graphql(`
  query MediatorSuggestions($caseId: ID!, $first: Int = 5) {
    mediatorSuggestions(caseId: $caseId, first: $first) {
      rank
      explanation
      openCases
      freeCapacity
      mediator { id name type organization { id name } }
    }
  }
`);
