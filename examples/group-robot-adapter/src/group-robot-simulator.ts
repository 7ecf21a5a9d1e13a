import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulatorServer,
} from '@mediation/adapters/simulators';
import { verifyDingTalkSignature } from './dingtalk-signature.js';

export interface GroupRobotSimulatorOptions extends SimulatorOptions {
  /** The DingTalk robot's token (`access_token`) and 加签 secret. */
  dingtalk?: { accessToken: string; secret: string };
  /** The WeCom robot's key. */
  wecom?: { key: string };
}

export interface RunningGroupRobotSimulator extends RunningSimulator {
  /** The robot URLs to configure, as the group settings would show them. */
  dingtalkUrl: string;
  wecomUrl: string;
  /** The next N calls answer "too fast" (DingTalk 130101, WeCom 45009), as real robots do past 20 a minute. */
  tooFast: { next: number };
}

/**
 * A DingTalk custom robot and a WeCom group robot in one small server, as their documentation
 * describes them: DingTalk checks `access_token`, and `timestamp` + `sign` (加签, within an hour);
 * WeCom checks `key`. Both answer HTTP 200 with `errcode` (0 = sent). Messages are recorded by
 * their `Idempotency-Key`, and the fault knobs of the platform's simulators apply.
 */
export async function startGroupRobotSimulator(
  options: GroupRobotSimulatorOptions = {},
): Promise<RunningGroupRobotSimulator> {
  const dingtalk = options.dingtalk ?? {
    accessToken: 'sim-dingtalk-token',
    secret: 'SECsimulated-dingtalk-secret',
  };
  const wecom = options.wecom ?? { key: 'sim-wecom-key' };
  const tooFast = { next: 0 };
  const keyOf = (headers: Record<string, string>) =>
    headers['idempotency-key'] ?? `call-${Date.now()}-${Math.random()}`;
  const markdownOf = (body: unknown) => (body as { msgtype?: string } | null)?.msgtype === 'markdown';
  const sim = await startSimulatorServer(
    [
      {
        method: 'POST',
        path: '/robot/send',
        handle({ url, body, headers }) {
          if (url.searchParams.get('access_token') !== dingtalk.accessToken)
            return { kind: 'reply', status: 200, body: { errcode: 300001, errmsg: 'token is not exist' } };
          const signed = verifyDingTalkSignature(
            dingtalk.secret,
            url.searchParams.get('timestamp'),
            url.searchParams.get('sign'),
          );
          if (!signed)
            return { kind: 'reply', status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
          if (!markdownOf(body))
            return { kind: 'reply', status: 200, body: { errcode: 40035, errmsg: '缺少参数 msgtype' } };
          if (tooFast.next > 0) {
            tooFast.next--;
            return { kind: 'reply', status: 200, body: { errcode: 130101, errmsg: 'send too fast' } };
          }
          return { kind: 'accept', key: keyOf(headers) };
        },
        answer: () => ({ errcode: 0, errmsg: 'ok' }),
      },
      {
        method: 'POST',
        path: '/cgi-bin/webhook/send',
        handle({ url, body, headers }) {
          if (url.searchParams.get('key') !== wecom.key)
            return { kind: 'reply', status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } };
          if (!markdownOf(body))
            return { kind: 'reply', status: 200, body: { errcode: 40008, errmsg: 'invalid message type' } };
          if (tooFast.next > 0) {
            tooFast.next--;
            return { kind: 'reply', status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } };
          }
          return { kind: 'accept', key: keyOf(headers) };
        },
        answer: () => ({ errcode: 0, errmsg: 'ok' }),
      },
    ],
    options,
  );
  return {
    ...sim,
    dingtalkUrl: `${sim.url}/robot/send?access_token=${dingtalk.accessToken}`,
    wecomUrl: `${sim.url}/cgi-bin/webhook/send?key=${wecom.key}`,
    tooFast,
  };
}
