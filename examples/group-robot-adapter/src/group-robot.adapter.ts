import { AdapterDeliveryError, defineAdapter, postJson } from '@mediation/adapters';
import { signDingTalkUrl } from './dingtalk-signature.js';
import { groupMessage } from './group-message.js';
import { type GroupRobotConfig, groupRobotConfig, groupRobotEvents } from './group-robot.config.js';

/** Answers that mean "too many messages, later": DingTalk 130101, WeCom 45009. */
const rateLimited = new Set([130101, 45009]);

/**
 * Escalations (风险上报) and deadline alerts (超期/即将到期) posted to a county's or a town's work
 * group, through a DingTalk custom robot (signed with its 加签 secret) or a WeCom group robot.
 *
 * A third-party adapter as any deployment adds one: its own package, named in the config's
 * `adapterPackages`, enabled and configured under `adapters.group-robot`.
 */
export const groupRobotAdapter = defineAdapter({
  id: 'group-robot',
  kind: 'group-robot',
  displayName: '工作群机器人 (钉钉 / 企业微信)',
  config: groupRobotConfig,
  secrets: ['webhookUrl', 'secret'],
  // Group robots accept about 20 messages a minute: few at a time, patient retries.
  delivery: { timeoutMs: 5_000, concurrency: 2, maxAttempts: 10, backoffBaseMs: 3_000 },

  outbound: {
    events: [...groupRobotEvents],
    accepts: (notice, config: GroupRobotConfig) => (config.events as readonly string[]).includes(notice.type),
    async deliver(delivery, ctx) {
      const { config } = ctx;
      const { title, text } = groupMessage(delivery.payload, config);
      const body =
        config.platform === 'dingtalk'
          ? {
              msgtype: 'markdown',
              markdown: { title, text },
              at: { atMobiles: config.mentionMobiles, isAtAll: false },
            }
          : { msgtype: 'markdown', markdown: { content: text } };
      const url =
        config.platform === 'dingtalk'
          ? signDingTalkUrl(config.webhookUrl, config.secret!)
          : config.webhookUrl;
      // Robots take no idempotency key; it is sent anyway, so a proxy or the simulator can drop repeats.
      const response = await postJson(url, JSON.stringify(body), {
        headers: { 'idempotency-key': delivery.deliveryKey },
        signal: ctx.signal,
      });
      // Both platforms answer HTTP 200 with an error code in the body.
      const answer = (await response.json().catch(() => ({}))) as { errcode?: unknown; errmsg?: unknown };
      const code = typeof answer.errcode === 'number' ? answer.errcode : -1;
      if (code !== 0) {
        throw new AdapterDeliveryError(`${config.platform} robot answered errcode ${code}`, {
          // A rate limit passes; a wrong token, signature or keyword will not.
          retryable: rateLimited.has(code) || code === -1,
        });
      }
      return {};
    },
  },

  async health(ctx) {
    // Posting a test message would disturb the group: a reachable host is what can be checked.
    try {
      await fetch(new URL('/', ctx.config.webhookUrl), {
        method: 'HEAD',
        signal: AbortSignal.timeout(2_000),
      });
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `robot host unreachable: ${(error as Error).name}` };
    }
  },
});
