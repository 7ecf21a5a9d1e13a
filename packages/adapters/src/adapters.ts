import type { AnyAdapter } from './contract.js';
import { courtAdapter } from './court/court.adapter.js';
import { exampleAdapter } from './example/example.adapter.js';
import { petitionAdapter } from './petition/petition.adapter.js';
import { policeAdapter } from './police/police.adapter.js';
import { smsAdapter } from './sms/sms.adapter.js';

/**
 * Every adapter this build knows, in one explicit list. Add a new adapter here (its folder holds
 * the implementation and its spec); which ones run is decided by `adapters.<id>.enabled` in the
 * platform config.
 */
export const builtInAdapters: readonly AnyAdapter[] = [
  exampleAdapter,
  petitionAdapter,
  policeAdapter,
  courtAdapter,
  smsAdapter,
];
