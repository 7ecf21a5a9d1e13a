import { type CaseEventNotice, type OutboxRouter, routingNotice } from '@mediation/core';
import type { AdapterRegistry } from './registry.js';

/**
 * The core's `OutboxRouter` for a registry: an event gets one outbox row per enabled adapter whose
 * `outbound.events` lists its type and whose `accepts` filter (if any) agrees. Runs inside the
 * command's transaction, so it only reads what the registry already holds.
 */
export function routeOutbox(registry: AdapterRegistry): OutboxRouter {
  const listeners = registry
    .enabled()
    .filter((adapter) => adapter.definition.outbound)
    .map((adapter) => ({
      id: adapter.id,
      config: adapter.config,
      events: new Set<string>(adapter.definition.outbound!.events),
      accepts: adapter.definition.outbound!.accepts,
    }));
  if (!listeners.length) return () => [];
  return (notice: CaseEventNotice) => {
    const routing = routingNotice(notice);
    return listeners
      .filter((l) => l.events.has(notice.event.type) && (l.accepts?.(routing, l.config) ?? true))
      .map((l) => l.id);
  };
}
