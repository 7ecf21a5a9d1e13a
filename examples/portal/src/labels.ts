/** Chinese terms of the API's enums (the schema's descriptions), for display. */
export const statusLabels: Record<string, string> = {
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
};

export const categoryLabels: Record<string, string> = {
  MARRIAGE_FAMILY: '婚姻家庭',
  NEIGHBORHOOD: '邻里纠纷',
  PROPERTY_MANAGEMENT: '物业纠纷',
  LABOR_WAGES: '劳动争议',
  TORT_DAMAGES: '损害赔偿',
  CONSUMER: '消费纠纷',
  TOURISM: '旅游纠纷',
  MEDICAL: '医疗纠纷',
  CONTRACT: '合同纠纷',
  HOUSING_LEASE: '房屋租赁',
  DEBT: '债务纠纷',
  LAND_GRASSLAND: '土地草场',
  OTHER: '其他纠纷',
};

export const riskLabels: Record<string, string> = {
  LOW: '低',
  MEDIUM: '中',
  HIGH: '高风险',
  CRITICAL: '重大风险',
};

export const eventLabels: Record<string, string> = {
  REPORTED: '新登记',
  ACCEPTED: '受理',
  REJECTED: '不予受理',
  ASSIGNED: '指派调解员',
  MEDIATION_STARTED: '开始调解',
  AGREEMENT_RECORDED: '达成协议',
  FAILED: '调解不成',
  CLOSED: '结案',
  ESCALATED: '风险上报',
  DEADLINE_DUE_SOON: '即将到期',
  DEADLINE_OVERDUE: '已超期',
};
