// Type tests, compiled by the root `tsc` (pnpm typecheck): each `@ts-expect-error` line must be an
// error, or tsc fails with "Unused '@ts-expect-error' directive". Never run, only type-checked.
import {
  AcceptCaseMutation,
  CaseBoardQuery,
  CaseFeedSubscription,
  type createClient,
  graphql,
  isFailure,
  type ResultOf,
  ScheduleSessionMutation,
  type VariablesOf,
  ViewerQuery,
} from '@mediation/sdk';

declare const client: ReturnType<typeof createClient>;

export async function typedDocuments() {
  const { cases } = await client.request(CaseBoardQuery, { first: 10, filter: { statuses: ['REPORTED'] } });
  const node = cases.nodes[0]!;
  const number: string = node.number;
  // DateTime is a string, not a Date
  const reportedAt: string = node.reportedAt;
  // @ts-expect-error: a DateTime is not a number
  const asNumber: number = node.reportedAt;
  // @ts-expect-error: `facts` is not selected by the board
  void node.facts;
  // @ts-expect-error: a variable of the wrong type
  await client.request(CaseBoardQuery, { first: 'ten' });
  // @ts-expect-error: not a CaseStatus
  await client.request(CaseBoardQuery, { filter: { statuses: ['OPEN'] } });
  // @ts-expect-error: required variables are missing
  await client.request(AcceptCaseMutation, {});
  const { viewer } = await client.request(ViewerQuery);
  // @ts-expect-error: not a ViewerKind
  const wrongKind: typeof viewer.kind = 'ROBOT';

  // an app's own document is typed from the same schema
  const Mine = graphql(
    `query Mine($number: String!) { caseByNumber(number: $number) { title riskLevel amount } }`,
  );
  const mine = await client.request(Mine, { number: '330106-2026-000123' });
  const risk: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | undefined = mine.caseByNumber?.riskLevel;
  // Decimal is a string (exact), not a number
  const amount: string | null | undefined = mine.caseByNumber?.amount;
  // @ts-expect-error: `$number` is a String!
  await client.request(Mine, { number: 330106 });

  // result unions: the success branch needs narrowing
  const { scheduleSession } = await client.request(ScheduleSessionMutation, {
    id: 'Q2FzZTox',
    input: {
      version: 1,
      mode: 'VIDEO',
      scheduledAt: '2026-12-02T02:00:00.000Z',
      link: 'https://meeting.example/1',
    },
  });
  // @ts-expect-error: `case` exists only on ScheduleSessionSuccess
  void scheduleSession.case;
  if (isFailure(scheduleSession)) {
    const code: string = scheduleSession.code;
    if (scheduleSession.__typename === 'ValidationError') void scheduleSession.issues[0]?.path;
    void code;
  } else {
    const version: number = scheduleSession.case.version;
    void version;
  }
  // @ts-expect-error: not a SessionMode
  const wrongMode: VariablesOf<typeof ScheduleSessionMutation>['input']['mode'] = 'ZOOM';

  for await (const event of client.subscribe(CaseFeedSubscription, { filter: { minRisk: 'HIGH' } })) {
    const type: ResultOf<typeof CaseFeedSubscription>['caseFeed']['type'] = event.caseFeed.type;
    void type;
  }
  void [number, reportedAt, asNumber, risk, amount, wrongMode, wrongKind];
}
