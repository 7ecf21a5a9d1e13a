import { graphql } from '../graphql.js';
import { CaseEventFields, CaseSummaryFields } from './fragments.js';

/** Events of every case matching the filter: a town board (regionId) or an early-warning screen (minRisk: HIGH). */
export const CaseFeedSubscription = graphql(
  `
  subscription CaseFeed($filter: CaseFeedFilter, $after: String) {
    caseFeed(filter: $filter, after: $after) {
      ...CaseEventFields
      case { ...CaseSummaryFields }
    }
  }
`,
  [CaseEventFields, CaseSummaryFields],
);

/** 办理记录 of one case as they are recorded. */
export const CaseEventsSubscription = graphql(
  `
  subscription CaseEvents($caseId: ID!, $after: String) {
    caseEvents(caseId: $caseId, after: $after) {
      ...CaseEventFields
      case { id status version }
    }
  }
`,
  [CaseEventFields],
);

/** 到期提醒: due-soon and overdue events of the signed-in mediator's cases (or a named mediator's). */
export const DeadlineAlertsSubscription = graphql(
  `
  subscription DeadlineAlerts($mediatorId: ID, $after: String) {
    deadlineAlerts(mediatorId: $mediatorId, after: $after) {
      ...CaseEventFields
      case { ...CaseSummaryFields }
    }
  }
`,
  [CaseEventFields, CaseSummaryFields],
);
