/** IPC between the benchmark runner (clients) and its server process. */
export type ToServer =
  | { type: 'publish'; count: number; intervalMs: number }
  /** `gc`: collect garbage first (for heap figures). */
  | { type: 'status'; gc?: boolean }
  | { type: 'stop' };

export type FromServer =
  | {
      type: 'ready';
      oursUrl: string;
      plainUrl: string;
      /** `Bearer …` of a signed-in admin, sent in graphql-ws' connection_init. */
      authorization: string;
      /** Global ID of the town the events happen in (the `caseFeed` filter). */
      regionId: string;
      database: string;
      pubsub: string;
    }
  /** `at`: wall-clock ms (performance.timeOrigin + performance.now()) just before publishing. */
  | { type: 'published'; eventId: number; at: number }
  | { type: 'publishDone' }
  | { type: 'status'; oursActive: number; plainConnections: number; heapUsedMb: number };
