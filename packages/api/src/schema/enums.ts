import {
  AgreementForm,
  CaseCategory,
  CaseEventType,
  CaseSource,
  CaseStatus,
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
} from '@mediation/core';
import { builder } from './builder.js';

type Described<E extends Record<string, string>> = { [K in keyof E]: string };

/** Registers a domain enum with the Chinese term for each value as its description. */
function domainEnum<E extends Record<string, string>>(
  name: string,
  values: E,
  description: string,
  terms: Described<E>,
) {
  const described = Object.fromEntries(Object.keys(values).map((key) => [key, { description: terms[key] }]));
  // The options are checked by the Described<E> map above; Pothos' option type for object enums is narrower.
  return builder.enumType(values, { name, description, values: described } as never);
}

export const RegionLevelEnum = domainEnum('RegionLevel', RegionLevel, '行政区划级别', {
  PROVINCE: '省',
  CITY: '市',
  COUNTY: '县/区',
  TOWN: '乡镇/街道',
  VILLAGE: '村/社区',
});

export const GridMemberRoleEnum = domainEnum('GridMemberRole', GridMemberRole, '网格人员角色', {
  LEADER: '网格长',
  MEMBER: '网格员',
});

export const OrganizationTypeEnum = domainEnum('OrganizationType', OrganizationType, '调解组织类型', {
  VILLAGE_COMMITTEE: '村(居)人民调解委员会',
  TOWN_COMMITTEE: '乡镇(街道)人民调解委员会',
  MEDICAL_COMMITTEE: '医疗纠纷人民调解委员会',
  LABOR_COMMITTEE: '劳动争议调解委员会',
  PROPERTY_COMMITTEE: '物业纠纷调解委员会',
  INDUSTRY_COMMITTEE: '其他行业性、专业性调解组织',
  JUDICIAL_OFFICE: '司法所',
  RESOLUTION_CENTER: '矛盾纠纷多元化解中心',
  LAW_FIRM: '律师事务所',
});

export const MediatorTypeEnum = domainEnum('MediatorType', MediatorType, '调解员类型', {
  FULL_TIME: '专职调解员',
  PART_TIME: '兼职调解员',
  LAWYER: '社区法律顾问(律师)',
  JUDICIAL_OFFICER: '司法所工作人员',
  LEGAL_SERVICE_WORKER: '基层法律服务工作者',
  RESPECTED_ELDER: '三老人员、乡贤',
  RELIGIOUS_FIGURE: '宗教人士',
});

export const CaseCategoryEnum = domainEnum('CaseCategory', CaseCategory, '纠纷类型', {
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
});

export const CaseSourceEnum = domainEnum('CaseSource', CaseSource, '纠纷来源', {
  GRID_SCREENING: '网格排查',
  WALK_IN: '来访',
  HOTLINE: '热线(12345等)',
  ONLINE: '线上申请(智慧调解)',
  PETITION_REFERRAL: '信访移交(访调对接)',
  POLICE_REFERRAL: '公安移交(警调对接)',
  COURT_REFERRAL: '法院委派(诉调对接)',
  OTHER: '其他',
});

export const CaseStatusEnum = domainEnum('CaseStatus', CaseStatus, '案件状态', {
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
});

export const RiskLevelEnum = domainEnum('RiskLevel', RiskLevel, '风险等级', {
  LOW: '低',
  MEDIUM: '中',
  HIGH: '高(可能引发群体性事件)',
  CRITICAL: '极高(可能民转刑)',
});

export const FailureGuidanceEnum = domainEnum('FailureGuidance', FailureGuidance, '调解不成时的引导', {
  LITIGATION: '引导诉讼',
  ARBITRATION: '引导仲裁',
  OTHER_CHANNEL: '其他途径',
});

export const PartyRoleEnum = domainEnum('PartyRole', PartyRole, '当事人身份', {
  APPLICANT: '申请人',
  RESPONDENT: '被申请人',
  THIRD_PARTY: '第三人',
});

export const PartyKindEnum = domainEnum('PartyKind', PartyKind, '当事人类型', {
  PERSON: '自然人',
  ORGANIZATION: '法人或其他组织',
});

export const SessionModeEnum = domainEnum('SessionMode', SessionMode, '调解方式', {
  IN_PERSON: '面对面调解',
  VIDEO: '视频调解(键对键)',
  PHONE: '电话调解',
  TEXT: '文字调解',
});

export const SessionStatusEnum = domainEnum('SessionStatus', SessionStatus, '调解会状态', {
  SCHEDULED: '已安排',
  HELD: '已召开',
  CANCELLED: '已取消',
});

export const SessionOutcomeEnum = domainEnum('SessionOutcome', SessionOutcome, '调解会结果', {
  AGREED: '达成协议',
  PARTIAL: '部分达成',
  NO_AGREEMENT: '未达成',
  ADJOURNED: '择期再调',
});

export const AgreementFormEnum = domainEnum('AgreementForm', AgreementForm, '协议形式', {
  ORAL: '口头协议',
  WRITTEN: '书面协议',
});

export const FulfillmentStatusEnum = domainEnum('FulfillmentStatus', FulfillmentStatus, '履行情况', {
  PENDING: '待履行',
  PARTIAL: '部分履行',
  FULFILLED: '已履行',
  BREACHED: '未履行',
});

export const FollowUpMethodEnum = domainEnum('FollowUpMethod', FollowUpMethod, '回访方式', {
  VISIT: '上门回访',
  PHONE: '电话回访',
  OTHER: '其他',
});

export const FollowUpStatusEnum = domainEnum('FollowUpStatus', FollowUpStatus, '回访状态', {
  SCHEDULED: '待回访',
  DONE: '已回访',
  MISSED: '未回访',
});

export const CaseEventTypeEnum = domainEnum('CaseEventType', CaseEventType, '办理记录类型', {
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
});
