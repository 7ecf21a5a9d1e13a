import {
  AgreementForm,
  CaseCategory,
  CaseEventType,
  CaseSource,
  CaseStatus,
  DeadlineKind,
  FailureGuidance,
  FollowUpMethod,
  FollowUpStatus,
  FulfillmentStatus,
  GridMemberRole,
  MediatorType,
  OrganizationType,
  PartyKind,
  PartyRole,
  RegionLevel,
  RiskLevel,
  SessionMode,
  SessionOutcome,
  SessionStatus,
} from './generated/prisma/enums.js';

/** The Chinese term of every value of a domain enum, and what the enum itself is called. */
export interface GlossaryEntry<E extends string> {
  /** The enum's name in Chinese, e.g. 纠纷类型. */
  term: string;
  labels: { readonly [K in E]: string };
}

const entry = <E extends string>(_values: Record<string, E>, term: string, labels: { [K in E]: string }) =>
  Object.freeze({ term, labels: Object.freeze(labels) }) as GlossaryEntry<E>;

/**
 * The one home of the domain's Chinese words (DESIGN §2): schema descriptions, SMS, suggestion
 * reasons, reports and documents all take their labels from here, so they cannot disagree.
 */
export const glossary = Object.freeze({
  RegionLevel: entry(RegionLevel, '行政区划级别', {
    PROVINCE: '省',
    CITY: '市',
    COUNTY: '县/区',
    TOWN: '乡镇/街道',
    VILLAGE: '村/社区',
  }),
  GridMemberRole: entry(GridMemberRole, '网格人员角色', {
    LEADER: '网格长',
    MEMBER: '网格员',
  }),
  OrganizationType: entry(OrganizationType, '调解组织类型', {
    VILLAGE_COMMITTEE: '村(居)人民调解委员会',
    TOWN_COMMITTEE: '乡镇(街道)人民调解委员会',
    MEDICAL_COMMITTEE: '医疗纠纷人民调解委员会',
    LABOR_COMMITTEE: '劳动争议调解委员会',
    PROPERTY_COMMITTEE: '物业纠纷调解委员会',
    INDUSTRY_COMMITTEE: '其他行业性、专业性调解组织',
    JUDICIAL_OFFICE: '司法所',
    RESOLUTION_CENTER: '矛盾纠纷多元化解中心',
    LAW_FIRM: '律师事务所',
  }),
  MediatorType: entry(MediatorType, '调解员类型', {
    FULL_TIME: '专职调解员',
    PART_TIME: '兼职调解员',
    LAWYER: '社区法律顾问(律师)',
    JUDICIAL_OFFICER: '司法所工作人员',
    LEGAL_SERVICE_WORKER: '基层法律服务工作者',
    RESPECTED_ELDER: '三老人员、乡贤',
    RELIGIOUS_FIGURE: '宗教人士',
  }),
  CaseCategory: entry(CaseCategory, '纠纷类型', {
    MARRIAGE_FAMILY: '婚姻家庭纠纷',
    NEIGHBORHOOD: '邻里纠纷',
    PROPERTY_MANAGEMENT: '物业纠纷',
    LABOR_WAGES: '劳动争议、拖欠工资',
    TORT_DAMAGES: '损害赔偿纠纷',
    CONSUMER: '消费纠纷',
    TOURISM: '旅游纠纷',
    MEDICAL: '医疗纠纷',
    CONTRACT: '合同纠纷',
    HOUSING_LEASE: '房屋租赁纠纷',
    DEBT: '债务纠纷',
    LAND_GRASSLAND: '土地、草场纠纷',
    OTHER: '其他纠纷',
  }),
  CaseSource: entry(CaseSource, '纠纷来源', {
    GRID_SCREENING: '网格排查',
    WALK_IN: '来访',
    HOTLINE: '热线(12345等)',
    ONLINE: '线上申请(智慧调解)',
    PETITION_REFERRAL: '信访移交(访调对接)',
    POLICE_REFERRAL: '公安移交(警调对接)',
    COURT_REFERRAL: '法院委派(诉调对接)',
    OTHER: '其他',
  }),
  CaseStatus: entry(CaseStatus, '案件状态', {
    REPORTED: '登记',
    ACCEPTED: '受理',
    REJECTED: '不予受理',
    ASSIGNED: '已指派',
    IN_MEDIATION: '调解中',
    RESOLVED: '调解成功',
    FAILED: '调解不成',
    CLOSED: '结案',
    WITHDRAWN: '撤回',
    TRANSFERRED: '移交',
  }),
  RiskLevel: entry(RiskLevel, '风险等级', {
    LOW: '低',
    MEDIUM: '中',
    HIGH: '高(可能引发群体性事件)',
    CRITICAL: '极高(可能民转刑)',
  }),
  FailureGuidance: entry(FailureGuidance, '调解不成时的引导', {
    LITIGATION: '引导诉讼',
    ARBITRATION: '引导仲裁',
    OTHER_CHANNEL: '其他途径',
  }),
  PartyRole: entry(PartyRole, '当事人身份', {
    APPLICANT: '申请人',
    RESPONDENT: '被申请人',
    THIRD_PARTY: '第三人',
  }),
  PartyKind: entry(PartyKind, '当事人类型', {
    PERSON: '自然人',
    ORGANIZATION: '法人或其他组织',
  }),
  SessionMode: entry(SessionMode, '调解方式', {
    IN_PERSON: '面对面调解',
    VIDEO: '视频调解(键对键)',
    PHONE: '电话调解',
    TEXT: '文字调解',
  }),
  SessionStatus: entry(SessionStatus, '调解会状态', {
    SCHEDULED: '已安排',
    HELD: '已召开',
    CANCELLED: '已取消',
  }),
  SessionOutcome: entry(SessionOutcome, '调解会结果', {
    AGREED: '达成协议',
    PARTIAL: '部分达成',
    NO_AGREEMENT: '未达成',
    ADJOURNED: '择期再调',
  }),
  AgreementForm: entry(AgreementForm, '协议形式', {
    ORAL: '口头协议',
    WRITTEN: '书面协议',
  }),
  FulfillmentStatus: entry(FulfillmentStatus, '履行情况', {
    PENDING: '待履行',
    PARTIAL: '部分履行',
    FULFILLED: '已履行',
    BREACHED: '未履行',
  }),
  FollowUpMethod: entry(FollowUpMethod, '回访方式', {
    VISIT: '上门回访',
    PHONE: '电话回访',
    OTHER: '其他',
  }),
  FollowUpStatus: entry(FollowUpStatus, '回访状态', {
    SCHEDULED: '待回访',
    DONE: '已回访',
    MISSED: '未回访',
  }),
  CaseEventType: entry(CaseEventType, '办理记录类型', {
    REPORTED: '登记',
    ACCEPTED: '受理',
    REJECTED: '不予受理',
    ASSIGNED: '指派调解员',
    MEDIATION_STARTED: '开始调解',
    SESSION_SCHEDULED: '安排调解',
    SESSION_RESCHEDULED: '调整调解时间',
    SESSION_CANCELLED: '取消调解',
    SESSION_HELD: '召开调解',
    AGREEMENT_RECORDED: '达成调解协议',
    FULFILLMENT_UPDATED: '更新履行情况',
    FAILED: '调解不成',
    WITHDRAWN: '撤回',
    TRANSFERRED: '移交',
    FOLLOW_UP_SCHEDULED: '安排回访',
    FOLLOW_UP_COMPLETED: '完成回访',
    CLOSED: '结案',
    RISK_CHANGED: '风险等级变更',
    ESCALATED: '风险上报',
    DEADLINE_DUE_SOON: '即将到期',
    DEADLINE_OVERDUE: '已超期',
    UPDATED: '信息更新',
  }),
  DeadlineKind: entry(DeadlineKind, '期限', {
    ACCEPT: '受理',
    RESOLVE: '调结',
    FOLLOW_UP: '回访',
  }),
});

export type GlossaryKind = keyof typeof glossary;

/** The Chinese label of a value, e.g. `label('RiskLevel', 'HIGH')`; an unknown value is returned as it is. */
export function label<K extends GlossaryKind>(kind: K, value: string): string {
  const labels = glossary[kind].labels as Record<string, string>;
  return labels[value] ?? value;
}

/** A time as messages to people write it: `11月25日 14:30`, China time (SMS, work-group robots). */
export function chinaMonthDayTime(date: Date | string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(date));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}
