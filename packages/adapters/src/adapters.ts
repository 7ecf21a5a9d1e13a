import type { AnyAdapter } from './contract.js';
import { courtAdapter } from './court/court.adapter.js';
import { petitionAdapter } from './petition/petition.adapter.js';
import { policeAdapter } from './police/police.adapter.js';
import { smsAdapter } from './sms/sms.adapter.js';

/**
 * The adapters that ship with the platform, in one explicit list (each folder holds the
 * implementation and its spec). Third-party adapters are packages named in the config's
 * `adapterPackages` (see `loadAdapterPackages`); which ones run is decided by
 * `adapters.<id>.enabled`.
 */
export const builtInAdapters: readonly AnyAdapter[] = [
  petitionAdapter,
  policeAdapter,
  courtAdapter,
  smsAdapter,
];
