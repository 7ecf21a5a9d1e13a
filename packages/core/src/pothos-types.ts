// The Prisma model typing Pothos needs (types and a datamodel description, no GraphQL).
export type { default } from './generated/pothos-types.js';
export { getDatamodel } from './generated/pothos-types.js';
