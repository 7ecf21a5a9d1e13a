// Generated from packages/api/schema.graphql by scripts/generate.mjs: do not edit.

/** The Chinese label of every value of the API's domain enums (the schema's descriptions). */
export const labels = {
  /** 协议形式 */
  AgreementForm: {
    ORAL: "口头协议",
    WRITTEN: "书面协议",
  },
  /** What an integration key may do. */
  ApiScope: {
    CASES_READ: "cases:read",
    CASES_WRITE: "cases:write",
    PARTIES_REVEAL: "parties:reveal",
    REFERRALS_WRITE: "referrals:write",
    REGISTRY_READ: "registry:read",
    REGISTRY_WRITE: "registry:write",
    REPORTS_READ: "reports:read",
  },
  /** 日历日类型 */
  CalendarDayKind: {
    HOLIDAY: "放假 (法定节假日): a day off, whatever its weekday",
    WORKDAY: "上班 (调休上班): a working day, whatever its weekday",
  },
  /** 纠纷类型 */
  CaseCategory: {
    CONSUMER: "消费纠纷",
    CONTRACT: "合同纠纷",
    DEBT: "债务纠纷",
    HOUSING_LEASE: "房屋租赁纠纷",
    LABOR_WAGES: "劳动争议、拖欠工资",
    LAND_GRASSLAND: "土地、草场纠纷",
    MARRIAGE_FAMILY: "婚姻家庭纠纷",
    MEDICAL: "医疗纠纷",
    NEIGHBORHOOD: "邻里纠纷",
    OTHER: "其他纠纷",
    PROPERTY_MANAGEMENT: "物业纠纷",
    TORT_DAMAGES: "损害赔偿纠纷",
    TOURISM: "旅游纠纷",
  },
  /** 办理记录类型 */
  CaseEventType: {
    ACCEPTED: "受理",
    AGREEMENT_RECORDED: "达成调解协议",
    ASSIGNED: "指派调解员",
    CLOSED: "结案",
    DEADLINE_DUE_SOON: "即将到期",
    DEADLINE_OVERDUE: "已超期",
    ESCALATED: "风险上报",
    FAILED: "调解不成",
    FOLLOW_UP_COMPLETED: "完成回访",
    FOLLOW_UP_SCHEDULED: "安排回访",
    FULFILLMENT_UPDATED: "更新履行情况",
    MEDIATION_STARTED: "开始调解",
    REJECTED: "不予受理",
    REPORTED: "登记",
    RISK_CHANGED: "风险等级变更",
    SESSION_CANCELLED: "取消调解",
    SESSION_HELD: "召开调解",
    SESSION_RESCHEDULED: "调整调解时间",
    SESSION_SCHEDULED: "安排调解",
    TRANSFERRED: "移交",
    UPDATED: "信息更新",
    WITHDRAWN: "撤回",
  },
  /** 纠纷来源 */
  CaseSource: {
    COURT_REFERRAL: "法院委派(诉调对接)",
    GRID_SCREENING: "网格排查",
    HOTLINE: "热线(12345等)",
    ONLINE: "线上申请(智慧调解)",
    OTHER: "其他",
    PETITION_REFERRAL: "信访移交(访调对接)",
    POLICE_REFERRAL: "公安移交(警调对接)",
    WALK_IN: "来访",
  },
  /** 案件状态 */
  CaseStatus: {
    ACCEPTED: "受理",
    ASSIGNED: "已指派",
    CLOSED: "结案",
    FAILED: "调解不成",
    IN_MEDIATION: "调解中",
    REJECTED: "不予受理",
    REPORTED: "登记",
    RESOLVED: "调解成功",
    TRANSFERRED: "移交",
    WITHDRAWN: "撤回",
  },
  /** 调解不成时的引导 */
  FailureGuidance: {
    ARBITRATION: "引导仲裁",
    LITIGATION: "引导诉讼",
    OTHER_CHANNEL: "其他途径",
  },
  /** 回访方式 */
  FollowUpMethod: {
    OTHER: "其他",
    PHONE: "电话回访",
    VISIT: "上门回访",
  },
  /** 回访状态 */
  FollowUpStatus: {
    DONE: "已回访",
    MISSED: "未回访",
    SCHEDULED: "待回访",
  },
  /** 履行情况 */
  FulfillmentStatus: {
    BREACHED: "未履行",
    FULFILLED: "已履行",
    PARTIAL: "部分履行",
    PENDING: "待履行",
  },
  /** 网格人员角色 */
  GridMemberRole: {
    LEADER: "网格长",
    MEMBER: "网格员",
  },
  /** 调解员类型 */
  MediatorType: {
    FULL_TIME: "专职调解员",
    JUDICIAL_OFFICER: "司法所工作人员",
    LAWYER: "社区法律顾问(律师)",
    LEGAL_SERVICE_WORKER: "基层法律服务工作者",
    PART_TIME: "兼职调解员",
    RELIGIOUS_FIGURE: "宗教人士",
    RESPECTED_ELDER: "三老人员、乡贤",
  },
  /** 调解组织类型 */
  OrganizationType: {
    INDUSTRY_COMMITTEE: "其他行业性、专业性调解组织",
    JUDICIAL_OFFICE: "司法所",
    LABOR_COMMITTEE: "劳动争议调解委员会",
    LAW_FIRM: "律师事务所",
    MEDICAL_COMMITTEE: "医疗纠纷人民调解委员会",
    PROPERTY_COMMITTEE: "物业纠纷调解委员会",
    RESOLUTION_CENTER: "矛盾纠纷多元化解中心",
    TOWN_COMMITTEE: "乡镇(街道)人民调解委员会",
    VILLAGE_COMMITTEE: "村(居)人民调解委员会",
  },
  /** 当事人类型 */
  PartyKind: {
    ORGANIZATION: "法人或其他组织",
    PERSON: "自然人",
  },
  /** 当事人身份 */
  PartyRole: {
    APPLICANT: "申请人",
    RESPONDENT: "被申请人",
    THIRD_PARTY: "第三人",
  },
  /** 行政区划级别 */
  RegionLevel: {
    CITY: "市",
    COUNTY: "县/区",
    PROVINCE: "省",
    TOWN: "乡镇/街道",
    VILLAGE: "村/社区",
  },
  /** 风险等级 */
  RiskLevel: {
    CRITICAL: "极高(可能民转刑)",
    HIGH: "高(可能引发群体性事件)",
    LOW: "低",
    MEDIUM: "中",
  },
  /** 调解方式 */
  SessionMode: {
    IN_PERSON: "面对面调解",
    PHONE: "电话调解",
    TEXT: "文字调解",
    VIDEO: "视频调解(键对键)",
  },
  /** 调解会结果 */
  SessionOutcome: {
    ADJOURNED: "择期再调",
    AGREED: "达成协议",
    NO_AGREEMENT: "未达成",
    PARTIAL: "部分达成",
  },
  /** 调解会状态 */
  SessionStatus: {
    CANCELLED: "已取消",
    HELD: "已召开",
    SCHEDULED: "已安排",
  },
  /** What the ranking weighs, in order. */
  SuggestionFactorKind: {
    CAPACITY: "尚有空余",
    LANGUAGE: "语言相通",
    SERVES_GRID: "服务该网格",
    SERVES_REGION: "所属组织覆盖纠纷发生地",
    SPECIALTY: "擅长该类纠纷",
    WORKLOAD: "在办案件数",
  },
  /** Who signed in: a staff member with a token, or an integration with an API key. */
  ViewerKind: {
    INTEGRATION: "对接系统 (API key)",
    STAFF: "工作人员 (JWT)",
  },
} as const;

export type LabelledEnum = keyof typeof labels;
