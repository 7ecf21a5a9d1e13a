import {
  deliveryCounts,
  type PlatformRuntime,
  type RegisteredAdapter,
  replayDelivery,
} from '@mediation/adapters';
import { assertAdmin, OutboxStatus, type Prisma } from '@mediation/core';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { DeliveryUpdateMessage, DeliveryUpdateTopic } from '../server/pubsub.js';
import { builder } from './builder.js';
import { CaseRef } from './case.js';
import { CaseEventTypeEnum } from './enums.js';
import { mutationErrors } from './errors.js';
import { checkedPageSize, databaseId } from './ids.js';
import { guarded } from './subscription-guard.js';

declare module './builder.js' {
  interface Context {
    /** The platform runtime: adapter registry and dispatcher counters (admin API). */
    runtime: PlatformRuntime;
    /** Status changes of every instance's dispatcher, for the admin subscription. */
    deliveryUpdates: DeliveryUpdateTopic;
  }
}

const DeliveryStatusEnum = builder.enumType(OutboxStatus, {
  name: 'DeliveryStatus',
  description:
    'PENDING (waiting or retrying), IN_FLIGHT (a dispatcher holds it), DELIVERED, DEAD (dead letter).',
});

const AdapterSetting = builder.simpleObject('AdapterSetting', {
  description: 'One config field of an adapter; secrets read "[redacted]".',
  fields: (t) => ({
    key: t.string(),
    value: t.string({ description: 'The value as JSON.' }),
  }),
});

const AdapterHealth = builder.simpleObject('AdapterHealth', {
  fields: (t) => ({
    ok: t.boolean(),
    message: t.string({ nullable: true }),
  }),
});

const DeliveryCounts = builder.simpleObject('DeliveryCounts', {
  description: 'Outbox rows of an adapter by status (all instances).',
  fields: (t) => ({
    pending: t.int(),
    inFlight: t.int(),
    delivered: t.int(),
    dead: t.int(),
  }),
});

const DispatcherCounters = builder.simpleObject('DispatcherCounters', {
  description: "This instance's dispatcher since it started (in memory).",
  fields: (t) => ({
    delivered: t.int(),
    retried: t.int(),
    dead: t.int(),
    inflight: t.int(),
  }),
});

const AdapterRef = builder.objectRef<RegisteredAdapter>('Adapter').implement({
  description: 'An integration with an external system (信访, 110, 法院, SMS …).',
  fields: (t) => ({
    id: t.exposeString('id'),
    kind: t.string({ resolve: (a) => a.definition.kind }),
    displayName: t.string({ resolve: (a) => a.definition.displayName }),
    enabled: t.exposeBoolean('enabled'),
    inbound: t.boolean({
      description: 'Takes signed webhooks at POST /adapters/<id>/webhook.',
      resolve: (a) => !!a.definition.inbound,
    }),
    outboundEvents: t.field({
      type: [CaseEventTypeEnum],
      resolve: (a) => [...(a.definition.outbound?.events ?? [])],
    }),
    config: t.field({
      type: [AdapterSetting],
      description: 'The configuration without its secrets (empty when disabled).',
      resolve: (a, _args, ctx) =>
        Object.entries(ctx.runtime.registry.publicConfig(a.id) ?? {}).map(([key, value]) => ({
          key,
          value: JSON.stringify(value),
        })),
    }),
    health: t.field({
      type: AdapterHealth,
      nullable: true,
      description: "The adapter's own check (null when it has none or is disabled).",
      resolve: async (a, _args, ctx) => {
        if (!a.enabled || !a.config || !a.definition.health) return null;
        try {
          return await a.definition.health({ adapterId: a.id, config: a.config, logger: ctx.logger });
        } catch (error) {
          return { ok: false, message: `health check failed: ${(error as Error).name}` };
        }
      },
    }),
    counts: t.field({
      type: DeliveryCounts,
      resolve: async (a, _args, ctx) => {
        const counts = (await deliveryCounts(ctx.db.prisma)).get(a.id);
        return {
          pending: counts?.PENDING ?? 0,
          inFlight: counts?.IN_FLIGHT ?? 0,
          delivered: counts?.DELIVERED ?? 0,
          dead: counts?.DEAD ?? 0,
        };
      },
    }),
    dispatcher: t.field({
      type: DispatcherCounters,
      nullable: true,
      description: "This instance's dispatcher counters for the adapter (null when none runs here).",
      resolve: (a, _args, ctx) => ctx.runtime.metrics().byAdapter[a.id] ?? null,
    }),
  }),
});

const deliveryId = (id: number) => encodeGlobalID('Delivery', id);

const DeliveryRef = builder.prismaObject('OutboxMessage', {
  name: 'Delivery',
  description: 'One outbox row: a case event to deliver to one adapter.',
  fields: (t) => ({
    id: t.id({ resolve: (row) => deliveryId(row.id) }),
    adapterId: t.exposeString('adapterId'),
    deliveryKey: t.exposeString('deliveryKey', { description: 'The idempotency key sent to the receiver.' }),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    lockedBy: t.exposeString('lockedBy', { nullable: true }),
    lockedUntil: t.expose('lockedUntil', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    event: t.relation('event'),
  }),
});

const DeliveryFilter = builder.inputType('DeliveryFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    adapterId: t.string(),
    status: t.field({ type: DeliveryStatusEnum }),
    caseId: t.globalID({ for: CaseRef }),
  }),
});

function deliveryWhere(
  filter:
    | {
        adapterId?: string | null;
        status?: OutboxStatus | null;
        caseId?: { id: string; typename: string } | null;
      }
    | null
    | undefined,
): Prisma.OutboxMessageWhereInput {
  return {
    ...(filter?.adapterId ? { adapterId: filter.adapterId } : {}),
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.caseId ? { event: { caseId: databaseId(filter.caseId) } } : {}),
  };
}

builder.queryFields((t) => ({
  adapters: t.field({
    type: [AdapterRef],
    description: 'Every adapter this build knows, enabled or not (admins only).',
    resolve: (_root, _args, ctx) => {
      assertAdmin(ctx.principal);
      return [...ctx.runtime.registry.all()];
    },
  }),
  deliveries: t.prismaConnection({
    type: 'OutboxMessage',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: 'Outbox deliveries, newest first (admins only).',
    args: { filter: t.arg({ type: DeliveryFilter }) },
    resolve: (query, _root, { filter }, ctx) => {
      assertAdmin(ctx.principal);
      return ctx.db.prisma.outboxMessage.findMany({
        ...query,
        where: deliveryWhere(filter),
        orderBy: { id: 'desc' },
      });
    },
    totalCount: (_root, { filter }, ctx) => {
      assertAdmin(ctx.principal);
      return ctx.db.prisma.outboxMessage.count({ where: deliveryWhere(filter) });
    },
  }),
}));

builder.mutationFields((t) => ({
  replayDelivery: t.field({
    type: DeliveryRef,
    description: 'Puts a dead letter back in the queue with its attempts reset (admins only).',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'delivery' } },
    resolve: async (_root, { id }, ctx) => {
      // The row as replayed; its relations (the event) load through the Prisma plugin's dataloader.
      const row = await replayDelivery(ctx.db.prisma, ctx.principal, parseDeliveryId(String(id)), ctx.now);
      // Subscribers see DEAD → PENDING, and this instance's dispatcher takes it now, not at its next poll.
      ctx.deliveryUpdates.publish({
        id: row.id,
        adapterId: row.adapterId,
        deliveryKey: row.deliveryKey,
        eventId: row.eventId,
        caseId: (row.payload as { case: { id: number } }).case.id,
        status: 'PENDING',
        attempts: row.attempts,
        lastError: row.lastError,
        nextAttemptAt: row.nextAttemptAt,
      });
      ctx.runtime.dispatcher.wake();
      return row;
    },
  }),
}));

function parseDeliveryId(id: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw new GraphQLError('Invalid Delivery ID', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (decoded.typename !== 'Delivery') {
    throw new GraphQLError('Invalid Delivery ID', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return databaseId(decoded);
}

const DeliveryUpdateRef = builder.objectRef<DeliveryUpdateMessage>('DeliveryUpdate').implement({
  description: "A delivery's status changed (the dispatcher of any instance).",
  fields: (t) => ({
    deliveryId: t.id({ resolve: (u) => deliveryId(u.id) }),
    adapterId: t.exposeString('adapterId'),
    deliveryKey: t.exposeString('deliveryKey'),
    caseId: t.id({ resolve: (u) => encodeGlobalID('Case', u.caseId) }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (u) => u.status }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', { nullable: true }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a PENDING delivery is retried.',
      resolve: (u) => (u.nextAttemptAt === null ? null : new Date(u.nextAttemptAt)),
    }),
  }),
});

builder.subscriptionFields((t) => ({
  deliveryUpdates: t.field({
    type: DeliveryUpdateRef,
    description:
      'Delivery status changes as the dispatchers of every instance make them (admins only; across instances through Redis when REDIS_URL is set).',
    args: { adapterId: t.arg.string({ description: "Only this adapter's deliveries." }) },
    subscribe: (_root, { adapterId }, ctx) => {
      assertAdmin(ctx.principal);
      return guarded(
        ctx,
        ctx.deliveryUpdates.subscribe((u) => !adapterId || u.adapterId === adapterId),
        assertAdmin,
      );
    },
    resolve: (update) => update,
  }),
}));
