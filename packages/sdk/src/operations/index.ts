export { CaseEventFields, CaseSummaryFields, CommandErrorFields } from './fragments.js';
export * from './live.js';
export * from './queries.js';
export * from './workflow.js';
