export * from './adapters.js';
export * from './config-fields.js';
export * from './contract.js';
export * from './example/example.adapter.js';
export * from './registry.js';
export * from './route-outbox.js';
export * from './runtime/http.js';
export * from './runtime/webhook-signature.js';
