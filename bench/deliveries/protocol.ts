/** IPC between the deliveries benchmark (platform side) and its receiver process. */
export type ToReceiver =
  /** Forget what was received; report `reached` once `expect` distinct keys have arrived. */
  { type: 'reset'; expect: number } | { type: 'collect' } | { type: 'stop' };

export type FromReceiver =
  | { type: 'ready'; url: string }
  /** `at`: wall-clock ms (performance.timeOrigin + performance.now()) of the last needed receipt. */
  | { type: 'reached'; at: number }
  | {
      type: 'collected';
      /** [idempotency key, wall-clock ms of its first receipt] */
      receipts: [string, number][];
      calls: number;
      duplicates: number;
    };
