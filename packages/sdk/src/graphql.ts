import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

/**
 * What gql.tada knows of the API: the introspection of the committed `schema.graphql`, with the
 * custom scalars as they travel in JSON (`DateTime` an ISO 8601 string, `Decimal` a decimal string
 * such as "1200.50", kept exact).
 */
export type MediationSchema = {
  introspection: introspection;
  scalars: {
    DateTime: string;
    Decimal: string;
    ID: string;
  };
};

/**
 * Writes a typed document: `graphql(\`query { viewer { username } }\`)`. The result and variable
 * types follow from the text; fragments are passed as the second argument.
 */
// The explicit type keeps the declaration emit portable (gql.tada issue #376).
export const graphql: initGraphQLTada<MediationSchema> = initGraphQLTada<MediationSchema>();

export type { FragmentOf, ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
