/** IPC between the authorization benchmark's driver (run.ts) and its server process (server.ts). */

/** One server the driver can aim at. */
export interface Target {
  /** `normal`: every request verifies its token and loads its user; `fixed-*`: a fixed principal. */
  name: 'normal' | 'fixed-admin' | 'fixed-district';
  url: string;
}

export type FromServer =
  | {
      type: 'ready';
      targets: Target[];
      /** Staff tokens for the `normal` server. */
      tokens: { admin: string; district: string };
      district: { username: string; regionName: string; regionCode: string; cases: number };
      totalCases: number;
      seedMs: number;
    }
  | { type: 'statements'; count: number };

export type ToServer = { type: 'statements' } | { type: 'stop' };
