import { z } from 'zod';

/** The events a group hears of; `events` in the config picks among them. */
export const groupRobotEvents = ['ESCALATED', 'DEADLINE_OVERDUE', 'DEADLINE_DUE_SOON'] as const;

/**
 * `adapters.group-robot` in the platform config. The webhook URL is the robot's address as the
 * group settings show it (it carries the robot's token, so it is a secret).
 */
export const groupRobotConfig = z
  .object({
    /** `dingtalk` (钉钉自定义机器人) or `wecom` (企业微信群机器人). */
    platform: z.enum(['dingtalk', 'wecom']),
    /**
     * e.g. https://oapi.dingtalk.com/robot/send?access_token=… or
     * https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
     */
    webhookUrl: z.url({ protocol: /^https?$/, message: 'must be the robot webhook URL (http or https)' }),
    /** DingTalk's 加签 secret (`SEC…`): every call is signed with it. WeCom robots have none. */
    secret: z.string().min(8, 'must be the robot secret shown as 加签 (SEC…)').optional(),
    /** Which events are posted. @default ESCALATED and DEADLINE_OVERDUE */
    events: z.array(z.enum(groupRobotEvents)).min(1).default(['ESCALATED', 'DEADLINE_OVERDUE']),
    /** Mainland mobile numbers to @-mention (DingTalk `atMobiles`; WeCom `mentioned_mobile_list`). */
    mentionMobiles: z
      .array(z.string().regex(/^1[3-9]\d{9}$/, 'must be a mainland mobile number'))
      .max(20)
      .default([]),
    /** Where a case is shown in the county's portal: `<portalUrl>?number=<case number>` is linked. */
    portalUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.platform === 'dingtalk' && !config.secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: 'a DingTalk robot is signed (安全设置 → 加签): set its SEC… secret',
      });
    }
  });

export type GroupRobotConfig = z.output<typeof groupRobotConfig>;
