import type { AdapterRegistry } from '../registry.js';
import {
  type Dispatcher,
  type DispatcherMetrics,
  type DispatcherOptions,
  startDispatcher,
} from './dispatcher.js';

/** What the API needs of the adapters: the registry and the dispatcher's counters. */
export interface AdapterRuntime {
  registry: AdapterRegistry;
  /** The counters of the dispatcher this process runs, or null when it runs none. */
  metrics(): DispatcherMetrics | null;
  /** Tells this process's dispatcher to poll now (after a commit that wrote outbox rows). */
  wake(): void;
  /**
   * Starts this process's dispatcher. Its status changes go to `onUpdate`: the API publishes them to
   * the admins subscribed on every instance.
   */
  startDispatcher(options: Omit<DispatcherOptions, 'registry'>): Dispatcher;
}

export function createAdapterRuntime(registry: AdapterRegistry): AdapterRuntime {
  let dispatcher: Dispatcher | undefined;
  return {
    registry,
    metrics: () => dispatcher?.metrics() ?? null,
    wake: () => dispatcher?.wake(),
    startDispatcher(options) {
      dispatcher = startDispatcher({ ...options, registry });
      return dispatcher;
    },
  };
}
