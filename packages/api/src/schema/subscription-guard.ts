import type { Principal } from '@mediation/core';
import { Repeater } from 'graphql-yoga';
import { isRevoked } from '../server/authentication.js';
import type { Context } from './builder.js';

/**
 * Wraps a subscription's source so it ends when its credentials stop being good. Credentials are
 * authenticated again, bypassing the principal cache, as soon as any instance publishes a
 * revocation that concerns them (`revokeApiKey`, `setUserActive(active: false)`, or everyone after a
 * Redis outage), and every `ctx.authRecheckMs` in case a message was lost or a token expired. A
 * failure ends the subscription with UNAUTHENTICATED; `stillAllowed` (e.g. `assertAdmin`) is asked
 * of the fresh principal, so a demoted user's admin-only subscription ends with FORBIDDEN.
 */
export function guarded<T>(
  ctx: Context,
  source: AsyncIterableIterator<T>,
  stillAllowed?: (principal: Principal) => void,
): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    let ended = false;
    const recheck = () =>
      ctx.authenticator
        .authenticate(ctx.credentials, { fresh: true })
        .then((principal) => stillAllowed?.(principal))
        .catch((error: unknown) => stop(error));
    const check = setInterval(recheck, ctx.authRecheckMs);
    check.unref?.();
    let spread: NodeJS.Timeout | undefined;
    const unlisten = ctx.revocations.listen((revoked) => {
      if (!isRevoked(ctx.principal, revoked)) return;
      if (!('everyone' in revoked)) return void recheck();
      // after a Redis outage every subscription checks again: spread over 2 s, not all at once
      clearTimeout(spread);
      spread = setTimeout(recheck, Math.random() * 2_000);
      spread.unref?.();
    });
    void stop.then(() => {
      ended = true;
      clearInterval(check);
      clearTimeout(spread);
      unlisten();
      void source.return?.();
    });
    try {
      for await (const value of source) {
        if (ended) break;
        await push(value);
      }
      stop();
    } catch (error) {
      stop(error);
    }
  });
}
