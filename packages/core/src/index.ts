export * from './assignment/suggest-mediators.js';
export * from './cases/actor.js';
export * from './cases/case-event-timeline.js';
export * from './cases/case-events.js';
export * from './cases/case-filter.js';
export * from './cases/case-status.js';
export * from './cases/case-transitions.js';
export * from './cases/case-workflow.js';
export * from './cases/deadlines.js';
export * from './cases/report-case.js';
export * from './config.js';
export { type Db, likeLiteral } from './db/client.js';
export * from './db/data-dir-lock.js';
export * from './db/database.js';
export * from './db/database-errors.js';
export * from './db/statement-observer.js';
export * from './deadlines/calendar.js';
export * from './deadlines/deadline-policy.js';
export * from './deadlines/deadline-scan.js';
export * from './deadlines/deadline-scheduler.js';
export * from './deadlines/holidays-cn.js';
export * from './deadlines/working-days.js';
export * from './errors.js';
export type { Prisma, PrismaClient } from './generated/prisma/client.js';
export * from './generated/prisma/enums.js';
export * from './glossary.js';
export {
  type FileScreeningInput,
  type FileScreeningOptions,
  fileScreening,
  fileScreeningInput,
  type ScreeningFilter,
  screeningFilterInput,
  screeningWhere,
} from './grid-work/screenings.js';
export * from './idempotency/idempotency-keys.js';
export * from './integration/adapter-data.js';
export * from './logger.js';
export * from './policy/api-keys.js';
export * from './policy/jurisdiction.js';
export * from './policy/principal.js';
export * from './policy/staff-accounts.js';
export * from './privacy/masking.js';
export * from './privacy/reveal.js';
export * from './registry/grids.js';
export * from './registry/mediators.js';
export * from './registry/organizations.js';
export * from './registry/regions.js';
export * from './registry/registry-access.js';
export {
  type CountByKey,
  epidemicTag,
  type GridFigures,
  type WeeklyReport,
  type WeeklyReportInput,
  type WeeklyReportOptions,
  weeklyReport,
  weeklyReportInput,
} from './statistics/weekly-report.js';
export { fields, plainText } from './validation/fields.js';
export * from './validation/identity.js';
