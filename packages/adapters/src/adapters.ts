import type { AnyAdapter } from './contract.js';
import { exampleAdapter } from './example/example.adapter.js';

/**
 * Every adapter this build knows, in one explicit list. Add a new adapter here (its folder holds
 * the implementation and its spec); which ones run is decided by `adapters.<id>.enabled` in the
 * platform config.
 */
export const builtInAdapters: readonly AnyAdapter[] = [exampleAdapter];
