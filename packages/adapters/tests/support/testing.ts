/*
 * For the platform's own tests and benchmarks (`@mediation/adapters/testing`): never imported by
 * production code.
 */

export {
  type AdapterContractOptions,
  type ContractReceiver,
  runAdapterContract,
  samplePayload,
  simulatorReceiver,
} from '../contract-suite.js';
export { examplePartnerAdapter } from './example-partner.adapter.js';
export { type ExampleConfig, exampleConfig } from './example-partner.config.js';
