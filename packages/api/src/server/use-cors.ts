import { type CORSOptions, useCORS } from '@whatwg-node/server';
import type { Plugin } from 'graphql-yoga';

export interface CorsOptions {
  /**
   * Browser origins (`https://app.example.org`: scheme, host, optional port) allowed to call the
   * API; `*` allows every origin. An origin not listed gets no CORS headers, so the browser keeps
   * the response from the page.
   * @default [] (no cross-origin browser access; server-to-server calls are unaffected)
   */
  origins?: readonly string[];
  /** How long a browser may cache a preflight answer, in seconds. @default 600 */
  maxAgeSeconds?: number;
}

/**
 * CORS with an allow-list, on `useCORS` from `@whatwg-node/server` (the implementation behind Yoga's
 * own `cors` option, which must be `false` next to this plugin). `Retry-After` is exposed so a web
 * app can read when to retry after a 429.
 */
export function useCors(options: CorsOptions = {}): Plugin {
  const { origins = [], maxAgeSeconds = 600 } = options;
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);
  const cors = useCORS((request): CORSOptions => {
    const origin = request.headers.get('origin');
    if (!origin || !(anyOrigin || allowed.has(origin))) return false;
    // Echo the caller's origin rather than the list, which browsers cannot use. Credentials only
    // for origins named in the list: `*` lets any page read answers, never with the user's cookies.
    return {
      origin: [origin],
      credentials: allowed.has(origin),
      exposedHeaders: ['Retry-After'],
      maxAge: maxAgeSeconds,
    };
  }) as Plugin;
  // Answers differ by Origin (allowed or not), so shared caches must key on it.
  const varyByOrigin = (response: Response) => {
    const vary = response.headers.get('vary');
    if (!vary?.toLowerCase().includes('origin'))
      response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
  };
  return {
    onRequest: cors.onRequest,
    onResponse(payload) {
      const applied = cors.onResponse?.(payload);
      if (applied && typeof applied.then === 'function')
        return applied.then(() => varyByOrigin(payload.response));
      varyByOrigin(payload.response);
    },
  };
}
