import { graphql } from '../graphql.js';

/** What a case list or board shows of a case. Unmasked: its fields appear in every result that spreads it. */
export const CaseSummaryFields = graphql(`
  fragment CaseSummaryFields on Case @_unmask {
    id
    number
    title
    status
    category
    source
    riskLevel
    greenChannel
    overdue
    reportedAt
    acceptDeadline
    resolveDeadline
    version
    tags
    grid { id name }
    region { id name code }
    leadMediator { id name }
  }
`);

/** One entry of a case's timeline (办理记录). */
export const CaseEventFields = graphql(`
  fragment CaseEventFields on CaseEvent @_unmask {
    id
    cursor
    type
    fromStatus
    toStatus
    reason
    actorName
    createdAt
  }
`);

/** The expected failures every command answers, as typed branches of its result union. */
export const CommandErrorFields = graphql(`
  fragment CommandErrorFields on Error @_unmask {
    code
    message
    ... on ValidationError { issues { path message } }
    ... on StaleVersionError { expectedVersion actualVersion }
    ... on IllegalTransitionError { status command }
  }
`);
