export {
  type ClientOptions,
  type ConnectionPage,
  type Credentials,
  createClient,
  type MediationClient,
  type RequestOptions,
  type SubscribeOptions,
  type Subscription,
} from './client.js';
export {
  BadUserInputError,
  type FailureOf,
  ForbiddenError,
  type GraphQLErrorEntry,
  isFailure,
  MediationError,
  NetworkError,
  PersistedQueryNotFoundError,
  parseRetryAfter,
  RateLimitedError,
  ResultError,
  ResumePointExpiredError,
  ServiceUnavailableError,
  type SuccessOf,
  toMediationError,
  UnauthenticatedError,
  unwrap,
} from './errors.js';
export {
  type FragmentOf,
  graphql,
  type MediationSchema,
  type ResultOf,
  readFragment,
  type TadaDocumentNode,
  type VariablesOf,
} from './graphql.js';
export { type LabelledEnum, labels } from './labels.js';
export { documentText, sha256Hex } from './operation.js';
export * from './operations/index.js';
