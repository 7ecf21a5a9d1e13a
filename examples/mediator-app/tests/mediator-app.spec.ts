import { type Database, scanDeadlines } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../../../tests/support/sdk-server.js';
import { openTestDatabase } from '../../../tests/support/test-database.js';
import { type DeadlineAlert, MediatorApp } from '../src/mediator-app.js';

let db: Database;
let server: RunningServer;
let app: MediatorApp;
let mediatorId: number;

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startServer(db);
  // a mediator with a case in mediation and another open case with a deadline ahead
  const user = await db.prisma.user.findFirstOrThrow({
    where: { role: 'MEDIATOR', mediator: { leadCases: { some: { status: 'IN_MEDIATION' } } } },
    select: { username: true, mediatorId: true },
    orderBy: { id: 'asc' },
  });
  mediatorId = user.mediatorId!;
  app = await MediatorApp.signIn({
    url: server.url,
    token: await server.tokenFor(user.username),
    webSocketImpl: WebSocket,
  });
});

afterAll(async () => {
  await app?.close();
  await server?.stop();
  await db?.close();
});

describe('the mediator app', () => {
  it('signs in as a mediator and lists exactly their open cases', async () => {
    expect(app.viewer.role).toBe('MEDIATOR');
    const cases = await app.openCases();
    const expected = await db.prisma.case.count({
      where: {
        status: { in: ['ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] },
        OR: [{ leadMediatorId: mediatorId }, { coMediators: { some: { mediatorId } } }],
      },
    });
    expect(cases).toHaveLength(expected);
    expect(cases.length).toBeGreaterThan(0);
  });

  it('hears its deadline alerts live when the deadline scan records them', async () => {
    const alerts = app.deadlineAlerts();
    const received: DeadlineAlert[] = [];
    const reading = (async () => {
      for await (const { deadlineAlerts } of alerts) {
        received.push(deadlineAlerts);
        break;
      }
    })();
    const deadline = await db.prisma.case.findFirstOrThrow({
      where: { leadMediatorId: mediatorId, status: 'IN_MEDIATION', resolveDeadline: { not: null } },
      orderBy: { resolveDeadline: 'desc' },
      select: { resolveDeadline: true },
    });
    await waitUntil(() => server.app.activeSubscriptions() > 0);
    // the scan as the platform runs it: past every deadline of the mediator's cases, then published
    const notices = await scanDeadlines(db.prisma, {
      now: new Date(deadline.resolveDeadline!.getTime() + 3600_000),
      dueSoonHours: 24,
    });
    server.runtime.committed(notices);
    await reading;
    expect(['DEADLINE_OVERDUE', 'DEADLINE_DUE_SOON']).toContain(received[0]!.type);
    expect(received[0]!.case.leadMediator?.id).toBe(Buffer.from(`Mediator:${mediatorId}`).toString('base64'));
  });

  it('schedules a video session and records the agreement', async () => {
    const item = (await app.openCases()).find((c) => c.status === 'IN_MEDIATION')!;
    const at = new Date('2026-11-24T02:00:00.000Z');
    const scheduled = await app.scheduleVideoSession(item, at, 'https://meeting.example.gov.cn/room/8842');
    const resolved = await app.recordAgreement(
      scheduled,
      '双方同意：被申请人于十五日内支付维修费用二千元。',
      '2000.00',
    );
    expect(resolved.status).toBe('RESOLVED');

    const caseId = Number(Buffer.from(item.id, 'base64').toString().split(':')[1]);
    const stored = await db.prisma.case.findUniqueOrThrow({
      where: { id: caseId },
      select: {
        status: true,
        sessions: { select: { mode: true, link: true, scheduledAt: true } },
        agreement: true,
      },
    });
    expect(stored.status).toBe('RESOLVED');
    expect(stored.sessions).toContainEqual({
      mode: 'VIDEO',
      link: 'https://meeting.example.gov.cn/room/8842',
      scheduledAt: at,
    });
    expect(stored.agreement?.form).toBe('WRITTEN');
    expect(String(stored.agreement?.amount)).toBe('2000');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
