import type { Principal } from '@mediation/core';
import { Repeater } from 'graphql-yoga';
import type { Context } from './builder.js';

/**
 * Wraps a subscription's source so it ends when its credentials stop being good: every
 * `ctx.authRecheckMs` the credentials are authenticated again (a revoked API key, an expired token,
 * a deactivated user end it with UNAUTHENTICATED), and `stillAllowed` (e.g. `assertAdmin`) is asked
 * of the fresh principal, so a demoted user's admin-only subscription ends with FORBIDDEN.
 */
export function guarded<T>(
  ctx: Context,
  source: AsyncIterableIterator<T>,
  stillAllowed?: (principal: Principal) => void,
): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    let ended = false;
    const check = setInterval(() => {
      ctx.authenticator
        .authenticate(ctx.credentials)
        .then((principal) => stillAllowed?.(principal))
        .catch((error: unknown) => stop(error));
    }, ctx.authRecheckMs);
    check.unref?.();
    void stop.then(() => {
      ended = true;
      clearInterval(check);
      void source.return?.();
    });
    for await (const value of source) {
      if (ended) break;
      await push(value);
    }
    stop();
  });
}
