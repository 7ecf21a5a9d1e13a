export {
  ConfigError,
  configEnvironment,
  loadConfig,
  type PlatformConfig,
  type PlatformConfigInput,
  serverSettings,
} from './config.js';
export {
  createPlatform,
  type Platform,
  type PlatformInstance,
  type PlatformOptions,
  startPlatform,
} from './platform.js';
export { type Context, schema } from './schema/index.js';
export { printSchemaFile, schemaFilePath } from './schema-file.js';
export { type App, type AppOptions, buildApp } from './server/app.js';
export {
  type AuthConfig,
  type Authenticator,
  createAuthenticator,
  signStaffToken,
} from './server/authentication.js';
export {
  type CaseEventMessage,
  type CaseEventTopic,
  createPlatformPubSub,
  type DeliveryUpdateMessage,
  type DeliveryUpdateTopic,
  type PlatformPubSub,
  type RevocationMessage,
  type RevocationTopic,
  SubscriptionGapError,
  SubscriptionLaggingError,
  toCaseEventMessage,
  toDeliveryUpdateMessage,
} from './server/pubsub.js';
export { createRedisReplayStore, type SharedReplayStore } from './server/webhook-replay-store.js';
