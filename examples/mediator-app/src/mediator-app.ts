import {
  createClient,
  DeadlineAlertsSubscription,
  type MediationClient,
  MyCasesQuery,
  RecordAgreementMutation,
  type ResultOf,
  ScheduleSessionMutation,
  StartMediationMutation,
  type Subscription,
  unwrap,
  ViewerQuery,
} from '@mediation/sdk';

type MyCasesPage = NonNullable<ResultOf<typeof MyCasesQuery>['viewer']['mediator']>['cases'];
export type MyCase = NonNullable<MyCasesPage['nodes'][number]>;
export type DeadlineAlert = ResultOf<typeof DeadlineAlertsSubscription>['deadlineAlerts'];

export interface MediatorAppOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql */
  url: string;
  /** The mediator's staff token (`pnpm run token --role mediator`). */
  token: string;
  /** A WebSocket class (Node 20: `ws`); without one, alerts come over SSE. */
  webSocketImpl?: unknown;
}

/**
 * What a mediator's phone app does, through the SDK only: who am I, my open cases, my deadline
 * alerts (到期提醒) live, a video session (键对键) for a case, and the agreement (调解协议).
 */
export class MediatorApp {
  private constructor(
    private readonly client: MediationClient,
    readonly viewer: ResultOf<typeof ViewerQuery>['viewer'],
  ) {}

  static async signIn(options: MediatorAppOptions): Promise<MediatorApp> {
    const client = createClient({
      url: options.url,
      auth: () => ({ token: options.token }),
      webSocketImpl: options.webSocketImpl,
    });
    const { viewer } = await client.request(ViewerQuery);
    if (viewer.role !== 'MEDIATOR' || !viewer.mediator) {
      await client.dispose();
      throw new Error(`${viewer.name} is not a mediator: sign in with a mediator's token`);
    }
    return new MediatorApp(client, viewer);
  }

  /** The cases I lead or co-mediate that are still open, soonest deadline first. */
  async openCases(): Promise<MyCase[]> {
    const { viewer } = await this.client.request(MyCasesQuery, {
      first: 100,
      filter: { statuses: ['ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] },
    });
    return (viewer.mediator?.cases.nodes ?? []).filter((c): c is MyCase => c != null);
  }

  /** 到期提醒 as they happen (due soon, overdue), resuming after a dropped connection. */
  deadlineAlerts(): Subscription<ResultOf<typeof DeadlineAlertsSubscription>> {
    return this.client.subscribe(DeadlineAlertsSubscription, {});
  }

  /** 视频调解 (键对键): an assigned case is moved into mediation first. Answers the case's new state. */
  async scheduleVideoSession(item: MyCase, at: Date, link: string): Promise<MyCase> {
    let current = item;
    if (current.status === 'ASSIGNED') {
      const started = await this.client.request(StartMediationMutation, {
        id: current.id,
        input: { version: current.version },
      });
      current = unwrap(started.startMediation).case;
    }
    const scheduled = await this.client.request(ScheduleSessionMutation, {
      id: current.id,
      input: { version: current.version, mode: 'VIDEO', scheduledAt: at.toISOString(), link },
    });
    return unwrap(scheduled.scheduleSession).case;
  }

  /** 达成调解协议 (written): the case becomes RESOLVED and its follow-up (回访) deadline starts. */
  async recordAgreement(item: MyCase, terms: string, amount?: string): Promise<MyCase> {
    const recorded = await this.client.request(RecordAgreementMutation, {
      id: item.id,
      input: { version: item.version, form: 'WRITTEN', terms, amount, judicialConfirmationRequested: false },
    });
    return unwrap(recorded.recordAgreement).case;
  }

  close(): Promise<void> {
    return this.client.dispose();
  }
}
