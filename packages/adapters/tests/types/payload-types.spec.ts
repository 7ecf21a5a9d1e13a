import {
  type OutboxPayload as CorePayload,
  type RoutingNotice as CoreRouting,
  outboxPayload,
} from '@mediation/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Delivery, OutboxPayload, RoutingNotice } from '../../src/contract.js';

/*
 * Type tests (checked by `pnpm typecheck`): the payload adapters receive is the type core writes,
 * not a copy of it, so renaming a field in core breaks every adapter that reads it.
 */
describe('outbox payload types', () => {
  it('adapters receive exactly what core writes', () => {
    expectTypeOf<OutboxPayload>().toEqualTypeOf<CorePayload>();
    expectTypeOf<RoutingNotice>().toEqualTypeOf<CoreRouting>();
    expectTypeOf(outboxPayload).returns.toEqualTypeOf<CorePayload>();
    expectTypeOf<Delivery['payload']>().toEqualTypeOf<CorePayload>();
  });

  it('a field that is not in the payload does not compile', () => {
    const read = (payload: OutboxPayload) => {
      // @ts-expect-error `occuredAt` is not a field (a renamed `occurredAt` fails like this in every adapter)
      return payload.occuredAt;
    };
    expectTypeOf(read).toBeFunction();
  });
});
