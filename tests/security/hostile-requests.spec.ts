/**
 * Property-based hostile-request test: about 2,000 malformed or hostile HTTP requests against the real
 * app (in-process, `yoga.fetch`), signed in as admin or as a town supervisor, anonymous, or with forged
 * credentials. Every answer must be below 500 and leak nothing (no stack, no SQL, no Prisma, no
 * INTERNAL_SERVER_ERROR); every mutation is one that would change data if accepted, always carrying at
 * least one input that must make the server refuse it; afterwards every table is as it was.
 *
 * The seed is fixed and printed; `HOSTILE_SEED=<n>` replays another, `HOSTILE_RUNS=<n>` scales the runs.
 */
import {
  CaseCategory,
  createApiKey,
  isValidResidentId,
  isValidUnifiedSocialCreditCode,
  normalizeMainlandMobile,
  RiskLevel,
  systemActor,
} from '@mediation/core';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, testJwtSecret } from '../support/test-api.js';

const seed = Number(process.env.HOSTILE_SEED ?? 20261123);
const totalRuns = Number(process.env.HOSTILE_RUNS ?? 2000);
const runs = (share: number) => Math.max(1, Math.round(totalRuns * share));

let api: TestApi;

// ---------------------------------------------------------------------------------------------
// What must never appear in an answer
// ---------------------------------------------------------------------------------------------

const leaks: [string, RegExp][] = [
  ['INTERNAL_SERVER_ERROR', /INTERNAL_SERVER_ERROR/],
  ['SQL SELECT', /SELECT /],
  ['SQL INSERT', /INSERT /],
  ['SQL UPDATE … SET', /UPDATE \\?"/],
  ['quoted schema name', /\\?"public\\?"\./],
  ['Prisma', /prisma/i],
  ['file path in a stack frame', /at \//],
  ['node_modules', /node_modules/],
  ['stack frame', /\bat [\w.<>]+ \(/],
  ['stack property', /"stack"\s*:/],
  [
    'PostgreSQL error',
    /violates|duplicate key|invalid byte sequence|syntax error at or near|(relation|column) \\?"[^"\\]*\\?" does not exist/,
  ],
];

/** Hostile strings must not contain the markers themselves, or an echoed input would look like a leak. */
const clean = (text: string) => !leaks.some(([, pattern]) => pattern.test(text));

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const injections = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  `"; DROP TABLE "Case"; --`,
  `'; DROP TABLE "User" CASCADE; --`,
  `1; DELETE FROM "Case" WHERE 1=1`,
  `') OR ('a'='a`,
  "admin'--",
  "1' UNION ALL select null,null--",
  '%',
  '_',
  '%%',
  '%_%',
  '\\',
  '\\%',
  '\\_',
  "\\'",
  '*',
  '$1',
  '$where',
  '{"$gt": ""}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '330106\u0000',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u{1F4A9}',
  '纠纷\u0000',
  "纠纷' OR 1=1 --",
  '😀'.repeat(60),
  '\r\n',
  '\t',
  'Case:1 OR 1=1',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '９',
  '١٢٣',
  ' ',
  '',
  '__proto__',
  'constructor',
];

const hostileString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...injections) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...injections), fc.string({ maxLength: 10 }), fc.constantFrom(...injections))
        .map(([a, b, c]) => a + b + c),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('A', '纠', '%', "'", '\u0000', '😀'), fc.integer({ min: 101, max: 120_000 }))
        .map(([unit, n]) => unit.repeat(n)),
    },
  )
  .filter(clean);

/** JSON values of any shape, for variables of the wrong type. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5, Number.MAX_SAFE_INTEGER, true, [], {}, [null], { id: 1 }),
);

/** A wrong-type value that is not a string (GraphQL would coerce a lone string into a one-item list). */
const nonString = wrongType.filter((value) => typeof value !== 'string');

const nodeTypes = ['Case', 'Party', 'Region', 'Grid', 'Organization', 'Mediator', 'User', 'ApiKey'] as const;
type NodeType = (typeof nodeTypes)[number];

/** Whether a value would decode (leniently, as Buffer does) to a well-formed ID of an existing `type` row. */
function mayBeRealId(value: unknown, type: NodeType): boolean {
  const decoded = Buffer.from(String(value), 'base64').toString('utf8');
  const match = /^(\w+):([1-9]\d*)$/.exec(decoded);
  return !!match && match[1] === type && Number(match[2]) < 1e8;
}

const malformedIdParts = [
  '1 OR 1=1',
  "1' OR '1'='1",
  '1; DROP TABLE "Case"',
  '-1',
  '0',
  '1.0',
  '01',
  '1e0',
  '0x1',
  ' 1',
  '1 ',
  '+1',
  '1\u0000',
  '9007199254740993',
  '1e309',
  'Infinity',
  '',
];

/** IDs that cannot name an existing row of `type`: garbage, other types, malformed or missing ids. */
function hostileId(type: NodeType, realIds: Record<NodeType, number[]>): fc.Arbitrary<unknown> {
  const otherTypes = nodeTypes.filter((other) => other !== type && realIds[other].length > 0);
  return fc
    .oneof(
      hostileString,
      hostileString.map((part) => b64(`${type}:${part}`)),
      fc.constantFrom(...malformedIdParts).map((part) => b64(`${type}:${part}`)),
      fc
        .constantFrom(...otherTypes)
        .chain((other) => fc.constantFrom(...realIds[other]).map((id) => b64(`${other}:${id}`))),
      fc.integer({ min: 100_000_000, max: 2 ** 31 - 1 }).map((id) => b64(`${type}:${id}`)),
      hostileString.map(b64),
      fc.string({ minLength: 1000, maxLength: 20_000 }).filter(clean),
      fc.integer(),
      wrongType,
    )
    .filter((value) => value != null && !mayBeRealId(value, type));
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** Signed in (admin, the town supervisor), without credentials, or with forged or broken ones. */
type Caller = 'admin' | 'town' | 'anonymous' | { forged: Record<string, string> };

interface HostileRequest {
  caller: Caller;
  method: string;
  path?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The root field of a mutation that must be refused. */
  mutation?: string;
  /** Which inputs of the mutation must make the server refuse it. */
  poisons?: string[];
  /** Jurisdiction check of a case query's answer (for the town supervisor). */
  check?: 'townCases';
}

interface Fixtures {
  townCode: string;
  townCaseNumbers: Set<string>;
  realIds: Record<NodeType, number[]>;
  outsideCaseIds: number[];
  reported: { id: number; version: number };
  outsideReported: { id: number; version: number };
  closedInTown: { id: number; version: number };
  partyInTown: number;
  partyOutside: number;
  villageInTown: number;
  villageOutside: number;
  gridInTown: number;
  gridOutside: number;
  organization: number;
  apiKey: number;
  forgedHeaders: Record<string, string>[];
  callerHeaders: Record<'admin' | 'town', Record<string, string>>;
}

let fx: Fixtures;

function headersOf(caller: Caller): Record<string, string> {
  if (caller === 'anonymous') return {};
  if (typeof caller === 'object') return caller.forged;
  return fx.callerHeaders[caller];
}

const callerArb = (): fc.Arbitrary<Caller> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<Caller>('admin') },
    { weight: 4, arbitrary: fc.constant<Caller>('town') },
    { weight: 1, arbitrary: fc.constant<Caller>('anonymous') },
  );
const signedIn = (caller: Caller) => caller === 'admin' || caller === 'town';

function jsonPost(
  caller: Caller,
  payload: unknown,
  extra: Partial<HostileRequest> = {},
  headers: Record<string, string> = {},
): HostileRequest {
  return {
    caller,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headersOf(caller),
      ...headers,
    },
    body: JSON.stringify(payload),
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

async function send(request: HostileRequest) {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD') {
    init.body = request.body as BodyInit;
  }
  const response = await api.app.yoga.fetch(`http://localhost${request.path ?? '/graphql'}`, init);
  return { status: response.status, text: await response.text() };
}

/** Answers of the current property by status and `extensions.code`, printed after it. */
const outcomes = new Map<string, number>();

async function expectRefusedAndClean(request: HostileRequest) {
  const { status, text } = await send(request);
  expect(status, text.slice(0, 500)).toBeLessThan(500);
  for (const [what, pattern] of leaks) {
    expect(pattern.test(text), `${what} in ${text.slice(0, 2000)}`).toBe(false);
  }
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const data = body && typeof body === 'object' && !Array.isArray(body) ? body.data : undefined;
  const result = request.mutation ? data?.[request.mutation] : undefined;
  const outcome = result?.code ?? body?.errors?.[0]?.extensions?.code ?? (data ? 'data' : 'no JSON body');
  outcomes.set(`${status} ${outcome}`, (outcomes.get(`${status} ${outcome}`) ?? 0) + 1);
  if (request.mutation) {
    const typename: string | undefined = result?.__typename;
    expect(typename ?? '', `accepted: ${text.slice(0, 500)}`).not.toMatch(/Success$/);
  }
  if (!signedIn(request.caller)) {
    // Anonymous and forged callers see nothing but __typename.
    const values = data && typeof data === 'object' ? Object.values(data) : [];
    expect(
      values.every((value) => value === null || typeof value === 'string'),
      text.slice(0, 500),
    ).toBe(true);
  }
  if (request.caller === 'town' && request.check === 'townCases' && data) {
    // Jurisdiction holds whatever the filter: only the town's cases, never more than it has.
    const connection = data.cases;
    if (connection?.totalCount != null) {
      expect(connection.totalCount).toBeLessThanOrEqual(fx.townCaseNumbers.size);
    }
    for (const edge of connection?.edges ?? []) {
      expect(fx.townCaseNumbers.has(edge.node.number), edge.node.number).toBe(true);
    }
    const node = data.node ?? data.caseByNumber;
    if (node?.number) expect(fx.townCaseNumbers.has(node.number), node.number).toBe(true);
    for (const item of data.nodes ?? []) {
      if (item?.number) expect(fx.townCaseNumbers.has(item.number), item.number).toBe(true);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Database snapshot
// ---------------------------------------------------------------------------------------------

const tables = [
  'Case',
  'Party',
  'CaseEvent',
  'MediationSession',
  'Agreement',
  'FollowUp',
  'Grid',
  'GridMember',
  'Organization',
  'Mediator',
  'MediatorGrid',
  'User',
  'ApiKey',
  'PersonalDataAccess',
  'OutboxMessage',
  'Region',
  'CaseCoMediator',
  'CaseNumberSequence',
  'LedgerEntry',
  'Screening',
  'CalendarDay',
  'DeadlineAlert',
];

async function snapshot() {
  const result: Record<string, unknown> = {};
  for (const table of tables) {
    const [row] = await api.db.prisma.$queryRawUnsafe<{ rows: number; digest: string }[]>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
    );
    result[table] = row;
  }
  const [cases] = await api.db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT max("updatedAt") AS "maxUpdatedAt", sum(version)::int AS "sumVersion" FROM "Case"`,
  );
  result.caseChecksum = cases;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  api = await createTestApi();
  const p = api.db.prisma;

  // A town whose supervisor has a reported and a closed case and parties to look at.
  const supervisors = await p.user.findMany({
    where: { role: 'SUPERVISOR', region: { level: 'TOWN' } },
    select: { username: true, region: { select: { code: true, path: true } } },
    orderBy: { username: 'asc' },
  });
  let chosen: (typeof supervisors)[number] | undefined;
  for (const supervisor of supervisors) {
    const inTown = { region: { path: { startsWith: supervisor.region!.path } } };
    const [reported, closed] = await Promise.all([
      p.case.count({ where: { ...inTown, status: 'REPORTED' } }),
      p.case.count({ where: { ...inTown, status: 'CLOSED' } }),
    ]);
    if (reported && closed) {
      chosen = supervisor;
      break;
    }
  }
  if (!chosen?.region) throw new Error('no town supervisor with reported and closed cases in the seed');
  const townPath = chosen.region.path;
  const inTown = { region: { path: { startsWith: townPath } } };
  const outside = { NOT: inTown };

  const pick = { select: { id: true, version: true }, orderBy: { id: 'asc' as const } };
  const [
    townCases,
    outsideCases,
    reported,
    outsideReported,
    closedInTown,
    partyInTown,
    partyOutside,
    villageInTown,
    villageOutside,
    gridInTown,
    gridOutside,
    organization,
  ] = await Promise.all([
    p.case.findMany({ where: inTown, select: { number: true } }),
    p.case.findMany({ where: outside, select: { id: true }, take: 50 }),
    p.case.findFirstOrThrow({ where: { ...inTown, status: 'REPORTED' }, ...pick }),
    p.case.findFirstOrThrow({ where: { ...outside, status: 'REPORTED' }, ...pick }),
    p.case.findFirstOrThrow({ where: { ...inTown, status: 'CLOSED' }, ...pick }),
    p.party.findFirstOrThrow({ where: { case: inTown }, select: { id: true } }),
    p.party.findFirstOrThrow({ where: { case: outside }, select: { id: true } }),
    p.region.findFirstOrThrow({ where: { level: 'VILLAGE', path: { startsWith: townPath } } }),
    p.region.findFirstOrThrow({ where: { level: 'VILLAGE', NOT: { path: { startsWith: townPath } } } }),
    p.grid.findFirstOrThrow({ where: { region: { path: { startsWith: townPath } } } }),
    p.grid.findFirstOrThrow({ where: { NOT: { region: { path: { startsWith: townPath } } } } }),
    p.organization.findFirstOrThrow({ orderBy: { id: 'asc' } }),
  ]);
  // An integration key, so revokeApiKey has something it must not revoke.
  const { apiKey } = await createApiKey(p, systemActor('test-setup'), {
    name: 'hostile-requests fixture',
    scopes: ['cases:read'],
  });

  const ids = async (rows: Promise<{ id: number }[]>) => (await rows).map((row) => row.id);
  const few = { select: { id: true }, take: 20, orderBy: { id: 'asc' as const } };
  const realIds: Record<NodeType, number[]> = {
    Case: await ids(p.case.findMany(few)),
    Party: await ids(p.party.findMany(few)),
    Region: await ids(p.region.findMany(few)),
    Grid: await ids(p.grid.findMany(few)),
    Organization: await ids(p.organization.findMany(few)),
    Mediator: await ids(p.mediator.findMany(few)),
    User: await ids(p.user.findMany(few)),
    ApiKey: [apiKey.id],
  };

  const issuer = 'people-mediation';
  const audience = 'people-mediation-api';
  const secret = new TextEncoder().encode(testJwtSecret);
  const sign = (claims: { sub?: string; iss?: string; aud?: string; exp?: number }, key = secret) => {
    let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
    if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
    jwt = jwt.setIssuer(claims.iss ?? issuer).setAudience(claims.aud ?? audience);
    jwt = jwt.setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 3600);
    return jwt.sign(key);
  };
  const unsigned = (payload: object) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify(payload),
    ).toString('base64url')}.`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const forgedHeaders: Record<string, string>[] = [
    bearer(unsigned({ sub: 'admin', iss: issuer, aud: audience, exp: 4_000_000_000 })),
    bearer(await sign({ sub: 'admin', exp: 1_000_000_000 })),
    bearer(await sign({ sub: 'admin', iss: 'someone-else' })),
    bearer(await sign({ sub: 'admin', aud: 'another-api' })),
    bearer(await sign({ sub: 'admin' }, new TextEncoder().encode('not-the-secret-of-this-suite-0123456789'))),
    bearer(await sign({})),
    bearer(await sign({ sub: '' })),
    // Validly signed (the identity provider is trusted), naming users that do not exist.
    bearer(await sign({ sub: "admin' OR 1=1 --" })),
    bearer(await sign({ sub: '%' })),
    bearer(await sign({ sub: 'admin\u0000' })),
    bearer(await sign({ sub: 'x'.repeat(5000) })),
    bearer(`${(await api.tokenFor('admin')).slice(0, -3)}abc`),
    bearer("' OR 1=1 --"),
    bearer(''),
    { authorization: 'Bearer' },
    { authorization: 'Basic YWRtaW46YWRtaW4=' },
    { authorization: "ApiKey ' OR 1=1 --" },
    { authorization: 'ApiKey mdk_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    { 'x-api-key': "' OR 1=1 --" },
    { 'x-api-key': `mdk_${'%'.repeat(12)}_${'_'.repeat(43)}` },
    { 'x-api-key': 'x'.repeat(10_000) },
  ];

  fx = {
    townCode: chosen.region.code,
    townCaseNumbers: new Set(townCases.map((row) => row.number)),
    realIds,
    outsideCaseIds: outsideCases.map((row) => row.id),
    reported,
    outsideReported,
    closedInTown,
    partyInTown: partyInTown.id,
    partyOutside: partyOutside.id,
    villageInTown: villageInTown.id,
    villageOutside: villageOutside.id,
    gridInTown: gridInTown.id,
    gridOutside: gridOutside.id,
    organization: organization.id,
    apiKey: apiKey.id,
    forgedHeaders,
    callerHeaders: {
      admin: await api.headersFor('admin'),
      town: await api.headersFor(chosen.username),
    },
  };
  before = await snapshot();
  console.log(
    `hostile-requests: seed ${seed} (HOSTILE_SEED=${seed} to replay), ${totalRuns} requests, town supervisor ${chosen.username}`,
  );
});
afterAll(() => api?.close());

const property = (
  name: string,
  share: number,
  arbitrary: () => fc.Arbitrary<HostileRequest>,
  offset: number,
) =>
  it(`${name} (${runs(share)} requests)`, async () => {
    outcomes.clear();
    await fc.assert(fc.asyncProperty(arbitrary(), expectRefusedAndClean), {
      seed: seed + offset,
      numRuns: runs(share),
    });
    const summary = [...outcomes].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ×${n}`);
    console.log(`${name} (seed ${seed + offset}): ${summary.join(', ')}`);
  }, 120_000);

// ---------------------------------------------------------------------------------------------
// 1. Garbage at the HTTP level
// ---------------------------------------------------------------------------------------------

const contentTypes = [
  'application/json',
  'application/json; charset=utf-16',
  'application/graphql',
  'application/graphql+json',
  'application/graphql-response+json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=----x',
  'multipart/mixed',
  'application/xml',
  'text/event-stream',
  '*/*',
  '',
];
const accepts = [
  'application/graphql-response+json',
  'application/json',
  'text/event-stream',
  'multipart/mixed',
  'text/html',
  '*/*',
  'application/xml',
];
const headerText = fc
  .string({ unit: 'binary-ascii', maxLength: 60 })
  .map((text) => [...text].filter((char) => char >= ' ' && char !== '\x7f').join(''))
  .filter(clean);

/** A real mutation that would change data if it ran, fully valid (transport-level refusals only). */
function validMutation() {
  return fc.constantFrom(
    {
      field: 'acceptCase',
      query: `mutation($id: ID!, $v: Int!) { acceptCase(id: $id, input: { version: $v }) { __typename } }`,
      variables: { id: b64(`Case:${fx.reported.id}`), v: fx.reported.version },
    },
    {
      field: 'revealPartyContact',
      query: `mutation($id: ID!) { revealPartyContact(partyId: $id, reason: "核实当事人身份以便联系") { __typename } }`,
      variables: { id: b64(`Party:${fx.partyInTown}`) },
    },
    {
      field: 'revokeApiKey',
      query: `mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }`,
      variables: { id: b64(`ApiKey:${fx.apiKey}`) },
    },
  );
}

const garbageHttp = (): fc.Arbitrary<HostileRequest> => {
  const body = fc.oneof(
    hostileString,
    fc.uint8Array({ maxLength: 400 }),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc
      .record({ query: fc.oneof(wrongType, hostileString), variables: wrongType, operationName: wrongType })
      .map((value) => JSON.stringify(value)),
    fc
      .array(fc.record({ query: fc.constantFrom('{ __typename }', '{ cases { totalCount } }') }), {
        minLength: 1,
        maxLength: 50,
      })
      .map((batch) => JSON.stringify(batch)),
    fc.constantFrom(
      '{"query":',
      '{"query": "{ __typename }", "variables": "{"}',
      '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "\' OR 1=1 --"}}}',
      '{"__proto__": {"query": "{ cases { totalCount } }"}}',
      '{"constructor": {"prototype": {"admin": true}}}',
      '------x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n------x--',
      'query=%7B__typename%7D&variables=%ZZ',
    ),
  );
  const general = fc
    .record({
      caller: callerArb(),
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      path: fc.constantFrom('/graphql', '/graphql', '/graphql?query=%7B__typename%7D', '/graphql/../graphql'),
      contentType: fc.constantFrom(...contentTypes),
      accept: fc.constantFrom(...accepts),
      extraHeader: fc.option(
        fc.tuple(fc.constantFrom('x-graphql-csrf', 'origin', 'x-forwarded-for'), headerText),
      ),
      body,
    })
    .map(
      ({ caller, method, path, contentType, accept, extraHeader, body }): HostileRequest => ({
        caller,
        method,
        path,
        headers: {
          ...(contentType ? { 'content-type': contentType } : {}),
          accept,
          ...headersOf(caller),
          ...(extraHeader ? { [extraHeader[0]]: extraHeader[1] } : {}),
        },
        body,
      }),
    );
  const getWithParams = fc
    .record({
      caller: callerArb(),
      query: fc.oneof(
        hostileString,
        fc.constantFrom('{ cases { totalCount } }', 'query { node(id: "x") { id } }'),
      ),
      variables: fc.oneof(
        hostileString,
        wrongType.map((value) => JSON.stringify(value)),
      ),
      operationName: hostileString,
      csrf: fc.boolean(),
    })
    .map(
      ({ caller, query, variables, operationName, csrf }): HostileRequest => ({
        caller,
        method: 'GET',
        path: `/graphql?${new URLSearchParams({ query, variables, operationName })}`,
        headers: {
          accept: 'application/json',
          ...headersOf(caller),
          ...(csrf ? { 'x-graphql-csrf': '1' } : {}),
        },
      }),
    );
  // A valid, data-changing mutation sent the way a browser could be tricked into, or over GET.
  const transport = fc
    .record({
      caller: callerArb(),
      mutation: validMutation(),
      how: fc.constantFrom('get', 'get-csrf', 'text/plain', 'form', 'multipart'),
    })
    .map(({ caller, mutation, how }): HostileRequest => {
      const payload = JSON.stringify({ query: mutation.query, variables: mutation.variables });
      const base = { caller, mutation: mutation.field, poisons: [how] };
      if (how === 'get' || how === 'get-csrf') {
        const params = new URLSearchParams({
          query: mutation.query,
          variables: JSON.stringify(mutation.variables),
        });
        return {
          ...base,
          method: 'GET',
          path: `/graphql?${params}`,
          headers: {
            accept: 'application/json',
            ...headersOf(caller),
            ...(how === 'get-csrf' ? { 'x-graphql-csrf': '1' } : {}),
          },
        };
      }
      const contentType = {
        'text/plain': 'text/plain',
        form: 'application/x-www-form-urlencoded',
        multipart: 'multipart/form-data; boundary=----x',
      }[how];
      const body =
        how === 'form'
          ? new URLSearchParams({
              query: mutation.query,
              variables: JSON.stringify(mutation.variables),
            }).toString()
          : how === 'multipart'
            ? `------x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${payload}\r\n------x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n------x--\r\n`
            : payload;
      return {
        ...base,
        method: 'POST',
        headers: { 'content-type': contentType, accept: 'application/json', ...headersOf(caller) },
        body,
      };
    });
  return fc.oneof(
    { weight: 5, arbitrary: general },
    { weight: 2, arbitrary: getWithParams },
    { weight: 2, arbitrary: transport },
  );
};

// ---------------------------------------------------------------------------------------------
// 2. Oversized and overly complex operations
// ---------------------------------------------------------------------------------------------

const structural = (): fc.Arbitrary<HostileRequest> => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const operation = fc.oneof(
    fc
      .oneof(fc.integer({ min: 5, max: 15 }), fc.integer({ min: 16, max: 3000 }))
      .map(
        (depth) =>
          `{ cases(first: 1) { edges { node { region { ${'parent { '.repeat(depth)} name ${'} '.repeat(depth)} } } } } }`,
      ),
    fc.integer({ min: 5, max: 20_000 }).map((depth) => `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`),
    fc.oneof(fc.integer({ min: 10, max: 100 }), fc.integer({ min: 101, max: 1500 })).map(
      (n) =>
        `{ ${range(n)
          .map((i) => `a${i}: node(id: "x") { id }`)
          .join(' ')} }`,
    ),
    fc.integer({ min: 10, max: 60 }).map(
      (n) =>
        `{ ${range(n)
          .map((i) => `a${i}: cases(first: 1) { totalCount }`)
          .join(' ')} }`,
    ),
    fc.integer({ min: 10, max: 5000 }).map((n) => `{ ${'__typename '.repeat(n)}}`),
    fc
      .integer({ min: 10, max: 400 })
      .map((n) => `{ cases(first: 1) @skip(if: false) { totalCount ${'@include(if: true) '.repeat(n)} } }`),
    fc.constant('fragment A on Query { ...B cases { totalCount } } fragment B on Query { ...A } { ...A }'),
    fc.constant(
      '{ cases(first: 100) { edges { node { events(first: 100) { edges { node { type } } } parties { name } } } } }',
    ),
    fc.constant('{ cases(first: 100000) { totalCount } }'),
    fc.constant('{ cases(first: -1) { totalCount } }'),
    fc.constant(
      '{ regions(first: 100) { edges { node { cases(first: 100) { edges { node { number } } } } } } }',
    ),
    fc
      .tuple(
        fc.oneof(fc.integer({ min: 101, max: 5000 }), fc.integer({ min: 1_100_000, max: 1_500_000 })),
        fc.constantFrom('A', '纠', "'", '\\u0000'),
      )
      .map(([n, unit]) => `{ cases(filter: { search: "${unit.repeat(n)}" }) { totalCount } }`),
    fc.integer({ min: 2, max: 300 }).map((n) =>
      range(n)
        .map((i) => `query Q${i} { cases(first: 1) { totalCount } }`)
        .join('\n'),
    ),
    fc.constant('subscription { caseFeed { __typename } }'),
    fc.constant(
      '{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }',
    ),
  );
  const payload = fc.oneof(
    fc.record({
      query: operation,
      operationName: fc.option(fc.oneof(hostileString, wrongType), { nil: undefined }),
    }),
    fc.record({
      query: fc.constant('query($ids: [ID!]!) { nodes(ids: $ids) { id } }'),
      variables: fc
        .tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom(...nodeTypes))
        .map(([n, type]) => ({ ids: range(n).map((i) => b64(`${type}:${i + 1}`)) })),
    }),
    fc.record({
      query: fc.constant('query($filter: CaseFilter) { cases(filter: $filter) { totalCount } }'),
      variables: fc.record({
        filter: fc.record({
          tags: fc.array(hostileString, { maxLength: 2000 }),
          statuses: fc.array(fc.constantFrom('REPORTED', 'CLOSED'), { maxLength: 2000 }),
        }),
      }),
    }),
    fc
      .array(fc.constantFrom('{ __typename }', '{ cases(first: 1) { totalCount } }'), {
        minLength: 2,
        maxLength: 200,
      })
      .map((batch) => batch.map((query) => ({ query }))),
  );
  return fc.record({ caller: callerArb(), payload }).map(({ caller, payload }) => jsonPost(caller, payload));
};

// ---------------------------------------------------------------------------------------------
// 3. Real queries with hostile arguments
// ---------------------------------------------------------------------------------------------

type Operation = { query: string; variables: Record<string, unknown> };

const queryOperations = (): fc.Arbitrary<Operation>[] => {
  const anyId = fc.oneof(
    hostileId('Case', fx.realIds),
    fc.constantFrom(...nodeTypes).chain((type) => hostileId(type, fx.realIds)),
    // Real cases outside the town: the town supervisor must not see them.
    fc.constantFrom(...fx.outsideCaseIds).map((id) => b64(`Case:${id}`)),
    fc.constantFrom(...fx.outsideCaseIds).map((id) => Buffer.from(`Case:${id}`).toString('base64url')),
  );
  const maybeWrong = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 6, arbitrary: arb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: wrongType });
  const caseFields = 'totalCount edges { node { id number title } }';
  return [
    fc.record({
      query: fc.constant(`query($s: String) { cases(filter: { search: $s }) { ${caseFields} } }`),
      variables: fc.record({ s: maybeWrong(hostileString) }),
    }),
    fc.record({
      query: fc.constant('query($id: ID!) { node(id: $id) { id ... on Case { number title } } }'),
      variables: fc.record({ id: maybeWrong(anyId) }),
    }),
    fc.record({
      query: fc.constant('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Case { number } } }'),
      variables: fc.record({ ids: maybeWrong(fc.array(anyId, { maxLength: 30 })) }),
    }),
    fc.record({
      query: fc.constant('query($n: String!) { caseByNumber(number: $n) { number title } }'),
      variables: fc.record({ n: maybeWrong(hostileString) }),
    }),
    fc.record({
      query: fc.constant('query($c: String!) { region(code: $c) { name cases(first: 5) { totalCount } } }'),
      variables: fc.record({ c: maybeWrong(hostileString) }),
    }),
    fc.record({
      query: fc.constant(
        `query($r: ID, $g: ID, $m: ID, $t: [String!]) { cases(filter: { regionId: $r, gridId: $g, mediatorId: $m, tags: $t }) { ${caseFields} } }`,
      ),
      variables: fc.record(
        {
          r: maybeWrong(hostileId('Region', fx.realIds)),
          g: maybeWrong(hostileId('Grid', fx.realIds)),
          m: maybeWrong(hostileId('Mediator', fx.realIds)),
          t: maybeWrong(fc.array(hostileString, { maxLength: 5 })),
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      query: fc.constant(
        `query($n: Int, $after: String, $before: String, $last: Int) { cases(first: $n, after: $after, before: $before, last: $last) { ${caseFields} } }`,
      ),
      variables: fc.record(
        {
          n: maybeWrong(fc.integer({ min: -5, max: 200 })),
          after: maybeWrong(fc.oneof(hostileString, hostileString.map(b64), fc.constant(b64('GPC:N:-1')))),
          before: maybeWrong(hostileString.map(b64)),
          last: maybeWrong(fc.integer({ min: -5, max: 200 })),
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      query: fc.constant(
        'query($s: String, $r: ID) { users(filter: { search: $s, regionId: $r }) { totalCount } }',
      ),
      variables: fc.record(
        { s: maybeWrong(hostileString), r: maybeWrong(hostileId('Region', fx.realIds)) },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      query: fc.constant(
        'query($r: ID!, $w: String!) { weeklyReport(regionId: $r, weekStart: $w) { __typename } }',
      ),
      variables: fc.record({
        r: maybeWrong(
          fc.oneof(hostileId('Region', fx.realIds), fc.constant(b64(`Region:${fx.villageOutside}`))),
        ),
        w: maybeWrong(fc.oneof(hostileString, fc.constantFrom('2026-11-23', '2026-02-30', '+275760-09-13'))),
      }),
    }),
    fc.record({
      query: fc.constant('query($y: Int!) { calendarDays(year: $y) { __typename } }'),
      variables: fc.record({ y: maybeWrong(fc.integer({ min: -1_000_000, max: 1_000_000 })) }),
    }),
    fc.record({
      query: fc.constant(
        `query($from: DateTime, $to: DateTime) { cases(filter: { reportedAt: { from: $from, to: $to } }) { ${caseFields} } }`,
      ),
      variables: fc.record(
        {
          from: maybeWrong(
            fc.oneof(hostileString, fc.constantFrom('0000-01-01T00:00:00Z', '275760-09-13T00:00:00Z')),
          ),
          to: maybeWrong(
            fc.oneof(hostileString, fc.constantFrom('9999-12-31T23:59:59Z', '2026-13-01T00:00:00Z')),
          ),
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      query: fc.constant(
        'query($id: ID!, $n: Int) { mediatorSuggestions(caseId: $id, first: $n) { __typename } }',
      ),
      variables: fc.record({ id: maybeWrong(anyId), n: maybeWrong(fc.integer()) }),
    }),
    fc.record({
      query: fc.constant(
        'query($id: ID) { personalDataAccesses(filter: { caseId: $id }) { totalCount edges { node { reason } } } }',
      ),
      variables: fc.record({ id: maybeWrong(anyId) }),
    }),
    // The hostile value written into the document itself rather than passed as a variable.
    fc
      .tuple(
        fc.constantFrom(
          (v: string) => `{ cases(filter: { search: ${v} }) { ${caseFields} } }`,
          (v: string) => `{ node(id: ${v}) { id ... on Case { number } } }`,
          (v: string) => `{ caseByNumber(number: ${v}) { number } }`,
          (v: string) => `{ cases(filter: { tags: [${v}] }) { totalCount } }`,
        ),
        fc.oneof(
          hostileString.map((s) => JSON.stringify(s)),
          hostileString,
          anyId.map((id) => JSON.stringify(id)),
        ),
      )
      .map(([template, literal]) => ({ query: template(literal), variables: {} })),
  ];
};

const hostileQueries = (): fc.Arbitrary<HostileRequest> =>
  fc
    .record({ caller: callerArb(), operation: fc.oneof(...queryOperations()) })
    .map(({ caller, operation }) => jsonPost(caller, operation, { check: 'townCases' }));

// ---------------------------------------------------------------------------------------------
// 4. Mutations that would change data, each with at least one input that must be refused
// ---------------------------------------------------------------------------------------------

const resultSelection = '{ __typename ... on Error { code message } }';

interface MutationSpec {
  field: string;
  query: string;
  /** Inputs that must make the server refuse the mutation, for this caller. */
  poisons(caller: Caller): string[];
  variables(caller: Caller, poisons: Set<string>): fc.Arbitrary<Record<string, unknown>>;
}

const apiScopeNames = [
  'CASES_READ',
  'CASES_WRITE',
  'PARTIES_REVEAL',
  'REFERRALS_WRITE',
  'REGISTRY_READ',
  'REGISTRY_WRITE',
  'REPORTS_READ',
];

const staleVersion = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 0 }),
  fc.integer({ min: 1_000_000, max: 2 ** 31 - 1 }),
);

function caseCommand(
  field: string,
  inputType: string,
  extra: { wrongState: boolean; input: (poisons: Set<string>) => Record<string, fc.Arbitrary<unknown>> },
  extraPoisons: string[],
): MutationSpec {
  return {
    field,
    query: `mutation($id: ID!, $input: ${inputType}!) { ${field}(id: $id, input: $input) ${resultSelection} }`,
    poisons: (caller) => [
      'id',
      'version',
      ...(extra.wrongState ? ['wrongState'] : []),
      ...(caller === 'town' ? ['outsideCase'] : []),
      ...extraPoisons,
    ],
    variables: (_caller, poisons) => {
      const target = poisons.has('outsideCase')
        ? fx.outsideReported
        : poisons.has('wrongState')
          ? fx.closedInTown
          : fx.reported;
      const id = poisons.has('id') ? hostileId('Case', fx.realIds) : fc.constant(b64(`Case:${target.id}`));
      const version = poisons.has('version')
        ? fc
            .oneof({ weight: 3, arbitrary: staleVersion }, wrongType, hostileString)
            .filter((value) => value !== null && value !== target.version)
        : fc.constant(target.version);
      return fc.record({ id, input: fc.record({ version, ...extra.input(poisons) }) });
    },
  };
}

const mutationSpecs = (): MutationSpec[] => {
  const freeText = fc.oneof(hostileString, fc.constant('情况属实，同意处理'));
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const badMobile = hostileString.filter((value) => normalizeMainlandMobile(value.trim()) === null);
  const badIdNumber = hostileString.filter((value) => {
    const text = value.trim().toUpperCase();
    return !!text && !isValidResidentId(text) && !isValidUnifiedSocialCreditCode(text);
  });
  /** Not a value of `values` (nor a lone one GraphQL would coerce into a list of it). */
  const badEnum = (values: object) =>
    fc
      .oneof(hostileString, wrongType)
      .filter((value) => value != null && !(Object.values(values) as unknown[]).includes(value));
  const validParty = fc.record({
    role: fc.constant('APPLICANT'),
    name: fc.oneof(fc.constant('王建国'), hostileString),
    phone: optional(fc.constant('13800138000')),
    address: optional(hostileString),
  });

  const reportCase: MutationSpec = {
    field: 'reportCase',
    query: `mutation($input: ReportCaseInput!) { reportCase(input: $input) ${resultSelection} }`,
    poisons: (caller) => [
      'regionId',
      'gridId',
      'regionIdNoGrid',
      'phone',
      'idNumber',
      'title',
      'facts',
      'category',
      'amount',
      'tags',
      'parties',
      'externalSystem',
      'language',
      ...(caller === 'town' ? ['outsideRegion', 'outsideGrid'] : []),
    ],
    variables: (_caller, poisons) => {
      const place = poisons.has('outsideGrid')
        ? fc.constant({ gridId: b64(`Grid:${fx.gridOutside}`) })
        : poisons.has('outsideRegion')
          ? fc.constant({ regionId: b64(`Region:${fx.villageOutside}`) })
          : poisons.has('gridId')
            ? hostileId('Grid', fx.realIds).map((gridId) => ({ gridId }))
            : poisons.has('regionId')
              ? hostileId('Region', fx.realIds).map((regionId) => ({ regionId }))
              : poisons.has('regionIdNoGrid')
                ? // A well-formed region that does not exist, next to a real grid.
                  fc
                    .integer({ min: 100_000_000, max: 2 ** 31 - 1 })
                    .map((id) => ({ regionId: b64(`Region:${id}`), gridId: b64(`Grid:${fx.gridInTown}`) }))
                : fc.constantFrom(
                    { regionId: b64(`Region:${fx.villageInTown}`) },
                    { gridId: b64(`Grid:${fx.gridInTown}`) },
                  );
      const party = fc
        .record({
          base: validParty,
          phone: poisons.has('phone') ? badMobile : fc.constant(undefined),
          idNumber: poisons.has('idNumber') ? badIdNumber : fc.constant(undefined),
        })
        .map(({ base, phone, idNumber }) => ({
          ...base,
          ...(phone !== undefined ? { phone } : {}),
          ...(idNumber !== undefined ? { idNumber, kind: 'PERSON' } : {}),
        }));
      const parties = poisons.has('parties')
        ? fc.oneof(
            fc.constant([]),
            fc.array(
              validParty.map((p) => ({ ...p, role: 'RESPONDENT' })),
              { minLength: 1, maxLength: 3 },
            ),
            fc.array(validParty, { minLength: 51, maxLength: 60 }),
            wrongType,
          )
        : fc.array(party, { minLength: 1, maxLength: 3 });
      return fc
        .record({
          place,
          title: poisons.has('title')
            ? fc.oneof(
                fc.string({ minLength: 201, maxLength: 5000 }).filter((s) => s.trim().length > 200),
                fc.constantFrom('', ' ', '\u3000', 'x', ' x '),
              )
            : fc.oneof(fc.constant('楼上漏水邻里纠纷'), hostileString),
          facts: poisons.has('facts')
            ? fc.oneof(fc.constant('x'.repeat(10_001)), fc.constantFrom('', '短', '   ab  '))
            : fc.oneof(fc.constant('楼上住户卫生间漏水，导致楼下天花板受损。'), hostileString),
          category: poisons.has('category') ? badEnum(CaseCategory) : fc.constant('NEIGHBORHOOD'),
          source: fc.constant('WALK_IN'),
          amount: poisons.has('amount')
            ? fc
                .oneof(
                  hostileString,
                  fc.constantFrom('-1', '1.001', '1e5', '0x10', 'NaN', '1 OR 1=1'),
                  wrongType,
                )
                // null and well-formed amounts (a number like 5, a string like "0") are valid
                .filter((value) => value != null && !/^\d{1,12}(\.\d{1,2})?$/.test(String(value).trim()))
            : optional(fc.constantFrom('12000.50', '0')),
          tags: poisons.has('tags')
            ? fc.oneof(
                fc.array(fc.constant('邻里'), { minLength: 21, maxLength: 40 }),
                fc.constant(['x'.repeat(31)]),
                fc.constant(['   ']),
              )
            : optional(fc.array(hostileString, { maxLength: 3 })),
          externalSystem: poisons.has('externalSystem')
            ? hostileString.filter((s) => !/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(s.trim()))
            : fc.constant(undefined),
          language: poisons.has('language')
            ? fc.string({ minLength: 21, maxLength: 200 }).filter((s) => s.trim().length > 20)
            : optional(hostileString),
          parties,
        })
        .map(({ place, externalSystem, ...input }) => ({
          input: {
            ...input,
            ...place,
            ...(externalSystem !== undefined ? { externalSystem, externalRef: 'ref-1' } : {}),
          },
        }));
    },
  };

  const acceptCase = caseCommand(
    'acceptCase',
    'AcceptCaseInput',
    {
      wrongState: true,
      input: (poisons) => ({
        note: optional(freeText),
        organizationId: poisons.has('organizationId')
          ? hostileId('Organization', fx.realIds)
          : optional(fc.constant(b64(`Organization:${fx.organization}`))),
      }),
    },
    ['organizationId'],
  );

  const rejectCase = caseCommand(
    'rejectCase',
    'RejectCaseInput',
    {
      wrongState: true,
      input: (poisons) => ({
        reason: poisons.has('reason')
          ? fc.oneof(fc.constantFrom('', ' ', '\u3000\u3000'), nonString)
          : freeText,
      }),
    },
    ['reason'],
  );

  const changeCaseRisk = caseCommand(
    'changeCaseRisk',
    'ChangeCaseRiskInput',
    {
      wrongState: false,
      input: (poisons) => ({
        riskLevel: poisons.has('riskLevel') ? badEnum(RiskLevel) : fc.constant('HIGH'),
        reason: freeText,
      }),
    },
    ['riskLevel'],
  );

  const revealPartyContact: MutationSpec = {
    field: 'revealPartyContact',
    query: `mutation($id: ID!, $reason: String!) { revealPartyContact(partyId: $id, reason: $reason) ${resultSelection} }`,
    poisons: (caller) => ['partyId', 'reason', ...(caller === 'town' ? ['outsideParty'] : [])],
    variables: (_caller, poisons) =>
      fc.record({
        id: poisons.has('partyId')
          ? hostileId('Party', fx.realIds)
          : fc.constant(b64(`Party:${poisons.has('outsideParty') ? fx.partyOutside : fx.partyInTown}`)),
        reason: poisons.has('reason')
          ? fc.oneof(
              fc.string({ maxLength: 6 }).filter((s) => s.trim().length < 4),
              fc.string({ minLength: 501, maxLength: 3000 }).filter((s) => s.trim().length > 500),
              nonString,
            )
          : freeText,
      }),
  };

  const revokeApiKey: MutationSpec = {
    field: 'revokeApiKey',
    query: `mutation($id: ID!) { revokeApiKey(id: $id) ${resultSelection} }`,
    // Only admins may revoke: for the town supervisor the real key is itself forbidden.
    poisons: (caller) => (caller === 'town' ? ['id', 'notAdmin'] : ['id']),
    variables: (_caller, poisons) =>
      fc.record({
        id: poisons.has('id') ? hostileId('ApiKey', fx.realIds) : fc.constant(b64(`ApiKey:${fx.apiKey}`)),
      }),
  };

  const createApiKeyMutation: MutationSpec = {
    field: 'createApiKey',
    query: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) ${resultSelection} }`,
    poisons: (caller) => [
      'name',
      'scopes',
      'regionId',
      'expiresAt',
      ...(caller === 'town' ? ['notAdmin'] : []),
    ],
    variables: (_caller, poisons) =>
      fc
        .record({
          name: poisons.has('name')
            ? fc.oneof(
                fc.constantFrom('', ' ', '\u3000'),
                fc.string({ minLength: 101, maxLength: 1000 }).filter((s) => s.trim().length > 100),
              )
            : fc.oneof(fc.constant('对接系统'), hostileString),
          scopes: poisons.has('scopes')
            ? fc.oneof(
                fc.constant([]),
                fc.array(badEnum(apiScopeNames), { minLength: 1, maxLength: 3 }),
                badEnum(apiScopeNames),
              )
            : fc.constant(['CASES_READ']),
          regionId: poisons.has('regionId') ? hostileId('Region', fx.realIds) : fc.constant(undefined),
          expiresAt: poisons.has('expiresAt')
            ? fc.oneof(
                fc.constantFrom(
                  '2000-01-01T00:00:00Z',
                  '1970-01-01T00:00:00Z',
                  'not a date',
                  '2026-02-30T00:00:00Z',
                ),
                hostileString,
              )
            : fc.constant(undefined),
        })
        .map((input) => ({ input })),
  };

  return [
    reportCase,
    acceptCase,
    rejectCase,
    changeCaseRisk,
    revealPartyContact,
    revokeApiKey,
    createApiKeyMutation,
  ];
};

const hostileMutations = (): fc.Arbitrary<HostileRequest> => {
  const specs = mutationSpecs();
  return fc.record({ caller: callerArb(), spec: fc.constantFrom(...specs) }).chain(({ caller, spec }) => {
    const options = spec.poisons(caller);
    // Signed-in callers always get at least one poison; for others the missing sign-in is the poison.
    // Mostly one poison, so that each check is reached on its own; sometimes several.
    const poisons = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...options).map((one) => [one]) },
      { weight: 1, arbitrary: fc.subarray(options, { minLength: signedIn(caller) ? 1 : 0 }) },
    );
    return poisons.chain((chosen) =>
      spec
        .variables(caller, new Set(chosen))
        .map((variables) =>
          jsonPost(caller, { query: spec.query, variables }, { mutation: spec.field, poisons: chosen }),
        ),
    );
  });
};

// ---------------------------------------------------------------------------------------------
// 5. Forged, expired, foreign or broken credentials on real operations (valid mutations included)
// ---------------------------------------------------------------------------------------------

const forgedCredentials = (): fc.Arbitrary<HostileRequest> => {
  const forged = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...fx.forgedHeaders) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('authorization', 'x-api-key'),
          fc.constantFrom('Bearer ', 'ApiKey ', 'Basic ', ''),
          headerText,
        )
        .map(([name, scheme, value]) => ({ [name]: `${scheme}${value}` })),
    },
  );
  const operation = fc.oneof(
    ...queryOperations().map((arb) => arb.map((payload) => ({ payload, mutation: undefined }))),
    validMutation().map(({ query, variables, field }) => ({
      payload: { query, variables },
      mutation: field,
    })),
  );
  return fc.record({ forged, operation }).map(({ forged, operation }) =>
    jsonPost({ forged }, operation.payload, {
      mutation: operation.mutation,
      poisons: operation.mutation ? ['credentials'] : undefined,
    }),
  );
};

// ---------------------------------------------------------------------------------------------

describe('hostile requests are refused without a crash, a leak or a change', () => {
  property('garbage bodies, content types, methods and transports', 0.25, garbageHttp, 1);
  property('oversized, deep, wide and batched operations', 0.1, structural, 2);
  property('real queries with hostile arguments and variables', 0.3, hostileQueries, 3);
  property('data-changing mutations with inputs that must be refused', 0.25, hostileMutations, 4);
  property('forged, expired, foreign or broken credentials', 0.1, forgedCredentials, 5);

  it('leaves every table as it was', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
