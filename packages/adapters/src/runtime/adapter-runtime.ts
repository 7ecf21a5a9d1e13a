import { EventEmitter, on } from 'node:events';
import type { AdapterRegistry } from '../registry.js';
import {
  type DeliveryUpdate,
  type Dispatcher,
  type DispatcherMetrics,
  type DispatcherOptions,
  startDispatcher,
} from './dispatcher.js';

/** Delivery status changes of this process, for the admin `deliveryUpdates` subscription. */
export interface DeliveryUpdateHub {
  publish(update: DeliveryUpdate): void;
  /** Updates from now on, until `signal` aborts or the iterator is returned. */
  subscribe(signal?: AbortSignal): AsyncIterableIterator<DeliveryUpdate>;
}

/**
 * In-process fan-out: a subscriber hears the dispatcher of its own instance. With several
 * instances, each instance's subscribers see that instance's deliveries (no Redis fan-out yet).
 */
export function createDeliveryUpdateHub(): DeliveryUpdateHub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (update) => {
      emitter.emit('update', update);
    },
    async *subscribe(signal) {
      try {
        for await (const [update] of on(emitter, 'update', { signal })) yield update as DeliveryUpdate;
      } catch (error) {
        if ((error as Error).name !== 'AbortError') throw error;
      }
    },
  };
}

/** What the API needs of the adapters: the registry, live updates, the dispatcher's counters. */
export interface AdapterRuntime {
  registry: AdapterRegistry;
  updates: DeliveryUpdateHub;
  /** The counters of the dispatcher this process runs, or null when it runs none. */
  metrics(): DispatcherMetrics | null;
  /** Tells this process's dispatcher to poll now (after a commit that wrote outbox rows). */
  wake(): void;
  /** Starts this process's dispatcher, publishing its updates to `updates`. */
  startDispatcher(options: Omit<DispatcherOptions, 'registry' | 'onUpdate'>): Dispatcher;
}

export function createAdapterRuntime(registry: AdapterRegistry): AdapterRuntime {
  const updates = createDeliveryUpdateHub();
  let dispatcher: Dispatcher | undefined;
  return {
    registry,
    updates,
    metrics: () => dispatcher?.metrics() ?? null,
    wake: () => dispatcher?.wake(),
    startDispatcher(options) {
      dispatcher = startDispatcher({ ...options, registry, onUpdate: updates.publish });
      return dispatcher;
    },
  };
}
