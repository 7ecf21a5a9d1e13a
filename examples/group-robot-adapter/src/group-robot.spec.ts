import {
  AdapterConfigError,
  createAdapterRegistry,
  type Delivery,
  type OutboxPayload,
  type RoutingNotice,
} from '@mediation/adapters';
import { runAdapterContract, samplePayload } from '@mediation/adapters/testing';
import { createLogger } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupRobotAdapter } from './group-robot.adapter.js';
import type { GroupRobotConfig } from './group-robot.config.js';
import { type RunningGroupRobotSimulator, startGroupRobotSimulator } from './group-robot-simulator.js';

const dingtalk = { accessToken: 'county-work-group', secret: 'SEC0123456789abcdef0123456789abcdef' };
const wecom = { key: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' };

runAdapterContract(() => groupRobotAdapter, {
  validConfig: {
    platform: 'dingtalk',
    webhookUrl: 'http://127.0.0.1:9/robot/send?access_token=county-work-group',
    secret: dingtalk.secret,
  },
  requiredField: 'webhookUrl',
  outbound: {
    async receiver() {
      const sim = await startGroupRobotSimulator({ dingtalk, wecom });
      return {
        config: { webhookUrl: sim.dingtalkUrl },
        receivedKeys: () => sim.received.map((m) => m.key),
        failNext: () => {
          sim.knobs.failNextCalls++;
        },
        close: () => sim.stop(),
      };
    },
    payload: (type) => samplePayload(type, { riskLevel: 'CRITICAL' }),
  },
});

describe('group robot adapter', () => {
  let sim: RunningGroupRobotSimulator;
  beforeAll(async () => {
    sim = await startGroupRobotSimulator({ dingtalk, wecom });
  });
  afterAll(() => sim.stop());

  const configOf = (settings: Record<string, unknown>): GroupRobotConfig =>
    createAdapterRegistry([groupRobotAdapter], { 'group-robot': { enabled: true, ...settings } }).require(
      'group-robot',
    ).config as GroupRobotConfig;
  let sequence = 0;
  const deliver = (payload: OutboxPayload, settings: Record<string, unknown>) => {
    const delivery: Delivery = {
      id: 1,
      adapterId: 'group-robot',
      deliveryKey: `case-event-${payload.eventId}-group-robot-${++sequence}`,
      attempt: 1,
      maxAttempts: 10,
      payload,
    };
    return groupRobotAdapter.outbound!.deliver(delivery, {
      adapterId: 'group-robot',
      config: configOf(settings),
      logger: createLogger({ level: 'silent' }),
      signal: new AbortController().signal,
      // A robot reads nothing of the platform: everything is in the payload.
      data: {} as never,
    });
  };
  const escalation = (): OutboxPayload => ({
    ...samplePayload('ESCALATED', { riskLevel: 'CRITICAL', number: '330106-2026-000777' }),
    reason: '双方多次冲突，有人扬言报复',
    data: { riskLevel: 'CRITICAL' },
  });

  it('posts an escalation to DingTalk signed with 加签, in Chinese, @-mentioning the people on duty', async () => {
    const before = sim.received.length;
    await deliver(escalation(), {
      platform: 'dingtalk',
      webhookUrl: sim.dingtalkUrl,
      secret: dingtalk.secret,
      mentionMobiles: ['13800138000'],
      portalUrl: 'https://portal.example.gov.cn/case',
    });
    const [message] = sim.received.slice(before);
    const body = message!.body as { msgtype: string; markdown: { title: string; text: string }; at: unknown };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('【风险上报】330106-2026-000777');
    expect(body.markdown.text).toContain('风险等级：**极高(可能民转刑)**');
    expect(body.markdown.text).toContain('上报理由：双方多次冲突，有人扬言报复');
    expect(body.markdown.text).toContain('https://portal.example.gov.cn/case?number=330106-2026-000777');
    expect(body.at).toEqual({ atMobiles: ['13800138000'], isAtAll: false });
  });

  it('posts a deadline alert to WeCom with its key', async () => {
    const before = sim.received.length;
    await deliver(
      {
        ...samplePayload('DEADLINE_OVERDUE', { status: 'IN_MEDIATION' }),
        data: { kind: 'RESOLVE', deadline: '2026-11-30T09:00:00.000Z' },
      },
      { platform: 'wecom', webhookUrl: sim.wecomUrl },
    );
    const body = sim.received.slice(before)[0]!.body as { markdown: { content: string } };
    expect(body.markdown.content).toContain('### 案件调结期限已超期');
    expect(body.markdown.content).toContain('期限：调结，11月30日 17:00');
    expect(body.markdown.content).toContain('当前状态：调解中');
  });

  it('fails for good on a wrong signature or key, and retries when the robot says it is sent too fast', async () => {
    const wrongSecret = await deliver(escalation(), {
      platform: 'dingtalk',
      webhookUrl: sim.dingtalkUrl,
      secret: 'SECnot-the-robots-secret',
    }).catch((error: unknown) => error);
    expect(wrongSecret).toMatchObject({ retryable: false, message: expect.stringContaining('310000') });
    const wrongKey = await deliver(escalation(), {
      platform: 'wecom',
      webhookUrl: sim.wecomUrl.replace(wecom.key, 'another-key'),
    }).catch((error: unknown) => error);
    expect(wrongKey).toMatchObject({ retryable: false, message: expect.stringContaining('93000') });
    sim.tooFast.next = 2;
    for (const platform of ['dingtalk', 'wecom'] as const) {
      const settings =
        platform === 'dingtalk'
          ? { platform, webhookUrl: sim.dingtalkUrl, secret: dingtalk.secret }
          : { platform, webhookUrl: sim.wecomUrl };
      const limited = await deliver(escalation(), settings).catch((error: unknown) => error);
      expect(limited, platform).toMatchObject({ retryable: true });
    }
  });

  it('hears only the events its config names', () => {
    const accepts = groupRobotAdapter.outbound!.accepts!;
    const config = configOf({ platform: 'wecom', webhookUrl: sim.wecomUrl, events: ['ESCALATED'] });
    const notice = (type: 'ESCALATED' | 'DEADLINE_OVERDUE'): RoutingNotice => ({
      type,
      data: {},
      case: { id: 1, status: 'ACCEPTED', riskLevel: 'HIGH' },
    });
    expect(accepts(notice('ESCALATED'), config)).toBe(true);
    expect(accepts(notice('DEADLINE_OVERDUE'), config)).toBe(false);
  });

  it('says a DingTalk robot needs its 加签 secret', () => {
    const attempt = () => configOf({ platform: 'dingtalk', webhookUrl: sim.dingtalkUrl });
    expect(attempt).toThrow(AdapterConfigError);
    expect(attempt).toThrow('adapters.group-robot.secret: a DingTalk robot is signed');
  });
});
