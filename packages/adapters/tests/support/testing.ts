/*
 * For the platform's own tests and benchmarks (`@mediation/adapters/testing`): never imported by
 * production code.
 */
export { examplePartnerAdapter } from './example-partner.adapter.js';
export { type ExampleConfig, exampleConfig } from './example-partner.config.js';
