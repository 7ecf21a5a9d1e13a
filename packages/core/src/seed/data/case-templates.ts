import type { CaseCategory } from '../../generated/prisma/client.js';
import type { OrgPartyKind } from './names.js';

/** What a template can say about one generated case. Persons appear as "张某" (no full names in free text). */
export interface TemplateContext {
  /** Applicant label: "张某", "张某等5人" or an organization's name. */
  a: string;
  /** Respondent label. */
  b: string;
  /** Third party label, when there is one. */
  c: string;
  district: string;
  town: string;
  village: string;
  /** A road, compound or natural village inside the village/community. */
  place: string;
  /** Amount in dispute, formatted ("12,000元"); empty when none. */
  amount: string;
  /** Amount agreed in mediation, formatted. */
  agreed: string;
  /** Headcount for group disputes. */
  count: number;
  /** A small duration in months used in the narrative. */
  months: number;
  /** Payment deadline written into agreements ("2026年3月15日"). */
  payBy: string;
}

type Text = (c: TemplateContext) => string;

export type RiskWeights = readonly [low: number, medium: number, high: number, critical: number];

export interface CaseTemplate {
  category: CaseCategory;
  weight: number;
  title: Text;
  facts: Text;
  /** Terms of the mediation agreement when the case is resolved. */
  terms: Text;
  /** Amount in dispute, yuan (min, max); absent when nothing is claimed. */
  amount?: readonly [number, number];
  /** Organization kinds; absent = a person. */
  applicant?: OrgPartyKind;
  respondent?: OrgPartyKind;
  /** Applicant ages (persons); default 20–75. */
  applicantAge?: readonly [number, number];
  applicantGender?: 'M' | 'F';
  respondentGender?: 'M' | 'F';
  /** Applicant and respondent are spouses or former spouses (opposite genders). */
  couple?: boolean;
  /** Applicant and respondent share a surname (parent and child, siblings). */
  sameSurname?: boolean;
  /** Number of applicants (group disputes). */
  applicants?: readonly [number, number];
  thirdParty?: { chance: number; kind?: OrgPartyKind };
  tags: readonly string[];
  epidemic?: boolean;
  where?: 'rural' | 'urban';
  /** District code (6 digits) where this kind of dispute is three times as frequent. */
  districtBias?: string;
  risk?: RiskWeights;
  /** Candidates for the green channel. */
  urgent?: boolean;
}

const STANDARD_CLAUSE = '本协议一式三份,双方当事人及人民调解委员会各执一份,自各方签名(盖章)之日起生效。';

export const CASE_TEMPLATES: readonly CaseTemplate[] = [
  // ───────────── 婚姻家庭 ─────────────
  {
    category: 'MARRIAGE_FAMILY',
    weight: 5,
    title: (c) => `${c.a}与${c.b}婚姻家庭纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}系夫妻关系,婚后育有一子。近${c.months}个月来双方因家庭琐事及子女教育问题经常争吵,${c.b}长期不回家居住,${c.a}情绪激动,多次到${c.village}村(居)委会反映。${c.a}要求${c.b}回归家庭、共同承担抚养责任,如确无法共同生活,希望就子女抚养和共同财产分割协商解决。`,
    terms: (c) =>
      `一、双方同意和好,${c.b}于本协议签订之日起回家居住,双方共同承担子女抚养和家庭开支;二、双方今后遇事平等协商,不得辱骂、冷落对方;三、${c.village}调委会每月回访一次。${STANDARD_CLAUSE}`,
    couple: true,
    tags: ['家庭矛盾'],
    risk: [0.55, 0.35, 0.08, 0.02],
  },
  {
    category: 'MARRIAGE_FAMILY',
    weight: 4,
    title: (c) => `${c.a}与子女赡养纠纷`,
    facts: (c) =>
      `申请人${c.a}现年七十余岁,老伴已去世,生活主要依靠养老金。近${c.months}个月来其子${c.b}以经济困难为由停止支付每月赡养费,老人患病住院期间的医疗费也无人承担,共计约${c.amount}。${c.a}请求${c.b}按月支付赡养费并分担医疗费用。`,
    terms: (c) =>
      `一、${c.b}自下月起每月5日前支付${c.a}赡养费人民币800元;二、${c.a}此前住院医疗费${c.agreed},由${c.b}于${c.payBy}前支付;三、${c.a}今后的医疗费用由子女按份分担,${c.b}每周至少探望一次。${STANDARD_CLAUSE}`,
    amount: [3000, 30000],
    thirdParty: { chance: 0.4 },
    applicantAge: [70, 79],
    sameSurname: true,
    respondentGender: 'M',
    tags: ['赡养', '老年人权益'],
  },
  {
    category: 'MARRIAGE_FAMILY',
    weight: 2,
    title: (c) => `${c.a}与${c.b}离婚后子女抚养费纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}已于前年协议离婚,约定女儿由${c.a}抚养,${c.b}每月支付抚养费。${c.b}自${c.months}个月前起未再支付,累计拖欠${c.amount}。${c.a}请求${c.b}一次性补足拖欠的抚养费并按时支付。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前一次性补付拖欠抚养费${c.agreed};二、此后每月10日前通过银行转账支付抚养费;三、${c.b}享有每月两次的探望权,${c.a}予以配合。${STANDARD_CLAUSE}`,
    amount: [6000, 36000],
    couple: true,
    tags: ['抚养'],
  },
  {
    category: 'MARRIAGE_FAMILY',
    weight: 1,
    title: (c) => `${c.a}与${c.b}家庭暴力引发的婚姻纠纷`,
    facts: (c) =>
      `居民${c.a}与丈夫${c.b}近期多次发生肢体冲突,${c.a}手臂有明显淤青,曾拨打110报警。双方矛盾激烈,${c.b}酒后扬言"要出人命",存在民转刑风险。${c.a}要求离婚并分割共同财产。`,
    terms: (c) =>
      `一、${c.b}向${c.a}书面道歉,保证不再实施任何形式的家庭暴力;二、双方分居三个月冷静处理,其间${c.b}每月支付家庭生活费2000元;三、如三个月后仍无法共同生活,双方依法协议离婚;四、社区、派出所、妇联共同跟踪回访。${STANDARD_CLAUSE}`,
    applicantGender: 'F',
    respondentGender: 'M',
    tags: ['家庭暴力', '民转刑风险'],
    risk: [0, 0.2, 0.55, 0.25],
    urgent: true,
  },
  {
    category: 'MARRIAGE_FAMILY',
    weight: 2,
    title: (c) => `${c.a}兄妹房产继承纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}系兄妹。父母去世后留有位于${c.place}的住房一套,未留遗嘱。${c.b}一直居住在该房屋内并拒绝办理继承手续,${c.a}要求按法定继承平分房产或由${c.b}给予折价补偿,双方多次协商未果。`,
    terms: (c) =>
      `一、该房屋归${c.b}所有,由${c.b}于${c.payBy}前支付${c.a}折价款${c.agreed};二、${c.a}配合办理继承公证及不动产过户手续;三、过户费用双方各半负担。${STANDARD_CLAUSE}`,
    amount: [200000, 900000],
    thirdParty: { chance: 0.3 },
    sameSurname: true,
    applicantGender: 'M',
    respondentGender: 'F',
    tags: ['继承'],
  },
  {
    category: 'MARRIAGE_FAMILY',
    weight: 1,
    title: (c) => `${c.a}与${c.b}彩礼返还纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}经人介绍相识,按当地习俗订婚并给付彩礼${c.amount}。双方同居不足一年即因性格不合分手,${c.a}要求返还全部彩礼,${c.b}认为已共同生活且部分彩礼用于购置嫁妆,只同意返还一部分。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前返还${c.a}彩礼${c.agreed};二、订婚时购置的金饰归${c.b}所有;三、双方就婚约财产再无其他争议。${STANDARD_CLAUSE}`,
    amount: [60000, 200000],
    where: 'rural',
    applicantGender: 'M',
    respondentGender: 'F',
    tags: ['彩礼'],
  },

  // ───────────── 邻里 ─────────────
  {
    category: 'NEIGHBORHOOD',
    weight: 5,
    title: (c) => `${c.a}与${c.b}邻里噪音纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}系${c.place}同一单元的上下楼邻居。${c.b}家近${c.months}个月来经常在夜间十一点后拖动桌椅、播放音乐,${c.a}家中有备考学生和老人,多次上门沟通未果,双方在楼道内发生口角,险些动手。${c.a}请求${c.b}停止夜间噪音干扰并赔礼道歉。`,
    terms: () =>
      `一、被申请人保证每晚22时至次日7时不在家中制造噪音,桌椅脚加装防噪垫;二、被申请人就此前的噪音干扰向申请人道歉,申请人予以谅解;三、双方今后如有问题通过网格员沟通,不得采取过激行为。${STANDARD_CLAUSE}`,
    where: 'urban',
    tags: ['噪音扰民'],
  },
  {
    category: 'NEIGHBORHOOD',
    weight: 4,
    title: (c) => `${c.a}与${c.b}房屋漏水纠纷`,
    facts: (c) =>
      `申请人${c.a}住${c.place}某幢三楼,楼上住户${c.b}卫生间防水层老化,导致${c.a}家卫生间及卧室天花板长期渗水、墙面霉变,木地板起拱。${c.a}要求${c.b}修复防水并赔偿装修损失${c.amount},${c.b}认为漏水原因不明,拒绝赔偿。`,
    terms: (c) =>
      `一、${c.b}于十五日内委托专业人员对卫生间重做防水,费用自理;二、${c.b}于${c.payBy}前一次性赔偿${c.a}装修损失${c.agreed};三、维修期间${c.a}予以配合,双方不再就此事另行主张。${STANDARD_CLAUSE}`,
    amount: [2000, 20000],
    where: 'urban',
    thirdParty: { chance: 0.15, kind: 'property' },
    tags: ['漏水'],
  },
  {
    category: 'NEIGHBORHOOD',
    weight: 3,
    title: (c) => `${c.place}老旧小区加装电梯纠纷`,
    facts: (c) =>
      `${c.place}某单元拟加装电梯,已有三分之二以上业主签字同意。一楼住户${c.b}以影响采光、通风和出行为由坚决反对,并阻挠施工队进场。高楼层住户${c.a}等多为行动不便的老人,双方矛盾升级,经社区多次协调未果。`,
    terms: (c) =>
      `一、加装电梯方案调整井道位置,与${c.b}家窗户保持1.2米以上间距;二、高楼层住户按约定比例一次性补偿一楼住户${c.agreed};三、${c.b}不再阻挠施工,施工方做好围挡和降噪。${STANDARD_CLAUSE}`,
    amount: [10000, 40000],
    applicants: [2, 5],
    where: 'urban',
    tags: ['加装电梯', '老旧小区'],
    risk: [0.3, 0.5, 0.18, 0.02],
  },
  {
    category: 'NEIGHBORHOOD',
    weight: 3,
    title: (c) => `${c.a}与${c.b}楼道堆物及电动车充电纠纷`,
    facts: (c) =>
      `被申请人${c.b}长期在${c.place}某幢楼道内堆放纸箱、旧家具,并从家中拉线给电动自行车充电。申请人${c.a}认为存在严重消防隐患,多次劝说无果后拍照上报网格员,${c.b}得知后上门争吵。`,
    terms: (c) =>
      `一、${c.b}于三日内清理楼道堆放物品,电动自行车统一到小区集中充电棚充电;二、${c.a}今后发现问题先与邻居沟通;三、社区网格员一周后上门复查。${STANDARD_CLAUSE}`,
    where: 'urban',
    tags: ['消防隐患', '电动车充电'],
  },
  {
    category: 'NEIGHBORHOOD',
    weight: 3,
    title: (c) => `${c.a}与${c.b}宅基地界址及滴水纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}在${c.place}相邻而居。${c.b}翻建房屋时将屋檐向外延伸约40厘米,雨水直接滴落在${c.a}家院内,${c.a}认为其侵占了自家宅基地范围,双方多次争吵,${c.b}一度停工。`,
    terms: (c) =>
      `一、以村委会存档的宅基地批准图为准,${c.b}将延伸部分屋檐改为内排水;二、${c.b}于${c.payBy}前补偿${c.a}院墙修缮费${c.agreed};三、双方今后建房、修缮事先告知对方。${STANDARD_CLAUSE}`,
    amount: [1000, 8000],
    where: 'rural',
    tags: ['宅基地', '相邻关系'],
  },
  {
    category: 'NEIGHBORHOOD',
    weight: 2,
    title: (c) => `${c.a}与${c.b}宠物犬扰民纠纷`,
    facts: (c) =>
      `被申请人${c.b}在家中饲养两只大型犬,经常深夜吠叫,且外出遛狗时未拴绳。申请人${c.a}的孙子在小区内被犬只追扑受到惊吓,${c.a}要求${c.b}规范养犬并赔礼道歉。`,
    terms: (c) =>
      `一、${c.b}遛犬时全程牵绳,夜间将犬只关养在室内;二、${c.b}按规定为犬只办理登记和免疫;三、${c.b}向${c.a}赔礼道歉并承担孩子检查费用。${STANDARD_CLAUSE}`,
    tags: ['文明养犬'],
  },

  // ───────────── 物业 ─────────────
  {
    category: 'PROPERTY_MANAGEMENT',
    weight: 4,
    title: (c) => `${c.b}拖欠物业费纠纷`,
    facts: (c) =>
      `申请人${c.a}系${c.place}小区物业服务企业。业主${c.b}以小区绿化差、地下车库漏水为由,已连续两年未缴纳物业服务费,合计${c.amount}。物业公司多次催缴未果,申请调解。${c.b}表示只要物业整改到位愿意补缴。`,
    terms: (c) =>
      `一、${c.a}于三十日内完成地下车库防水维修,并向业主公示整改结果;二、${c.b}于${c.payBy}前补缴物业费${c.agreed},${c.a}免收滞纳金;三、双方今后通过业委会沟通服务质量问题。${STANDARD_CLAUSE}`,
    amount: [3000, 15000],
    applicant: 'property',
    where: 'urban',
    tags: ['物业费'],
  },
  {
    category: 'PROPERTY_MANAGEMENT',
    weight: 3,
    title: (c) => `${c.place}小区业主与物业停车位纠纷`,
    facts: (c) =>
      `${c.place}小区物业公司${c.b}拟将地面公共停车位月租费由150元上调至300元,并在未经业主大会表决的情况下安装道闸。业主${c.a}等代表部分业主反对,双方在小区门口发生对峙,引起群众围观。`,
    terms: (c) =>
      `一、${c.b}暂停执行新收费标准,调价方案提交业主大会表决;二、道闸系统保留,业主车辆登记后免费通行;三、停车收益扣除成本后归全体业主所有,每半年公示一次。${STANDARD_CLAUSE}`,
    applicants: [2, 4],
    respondent: 'property',
    where: 'urban',
    tags: ['停车', '群体性'],
    risk: [0.2, 0.5, 0.25, 0.05],
  },
  {
    category: 'PROPERTY_MANAGEMENT',
    weight: 2,
    title: (c) => `${c.a}与物业公司车辆损坏赔偿纠纷`,
    facts: (c) =>
      `申请人${c.a}的小汽车停放在${c.place}小区地下车库时,被脱落的消防管道砸中,车顶及挡风玻璃受损,维修费${c.amount}。${c.a}认为物业${c.b}未尽维护义务,要求全额赔偿;物业认为车位属业主自购,仅同意适当补偿。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前赔偿${c.a}车辆维修费${c.agreed};二、${c.b}于十日内对车库管道进行全面排查;三、${c.a}不再就此事主张其他费用。${STANDARD_CLAUSE}`,
    amount: [3000, 25000],
    respondent: 'property',
    thirdParty: { chance: 0.3, kind: 'insurer' },
    where: 'urban',
    tags: ['财产损害'],
  },
  {
    category: 'PROPERTY_MANAGEMENT',
    weight: 2,
    title: (c) => `${c.a}与物业装修保证金退还纠纷`,
    facts: (c) =>
      `申请人${c.a}装修房屋时向物业${c.b}缴纳装修保证金${c.amount},装修完成已半年,物业以其空调外机位置不符合规定为由拒绝退还。${c.a}认为安装位置系开发商预留,要求物业退还保证金。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前退还${c.a}装修保证金${c.agreed};二、${c.a}配合物业对空调外机加装防坠支架。${STANDARD_CLAUSE}`,
    amount: [2000, 5000],
    respondent: 'property',
    where: 'urban',
    tags: ['押金'],
  },

  // ───────────── 劳动、工资 ─────────────
  {
    category: 'LABOR_WAGES',
    weight: 4,
    title: (c) => `${c.a}追讨农民工工资纠纷`,
    facts: (c) =>
      `申请人${c.a}系在${c.village}附近工地从事木工、钢筋工的外地务工人员,由被申请人${c.b}组织施工。工程已于${c.months}个月前完工,但${c.b}以总包方未结算为由拖欠工资共计${c.amount}。临近年关,工人情绪激动,扬言到区政府集体上访。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前支付${c.a}工资${c.agreed},由总承包方从应付工程款中代扣代付;二、款项直接打入工人个人银行账户,人社部门现场见证;三、工人收到工资后不再采取聚集上访等行为。${STANDARD_CLAUSE}`,
    amount: [40000, 400000],
    applicants: [3, 8],
    respondent: 'construction',
    thirdParty: { chance: 0.5, kind: 'construction' },
    tags: ['农民工', '欠薪', '群体性'],
    risk: [0.05, 0.35, 0.4, 0.2],
    urgent: true,
  },
  {
    category: 'LABOR_WAGES',
    weight: 3,
    title: (c) => `${c.a}与${c.b}解除劳动合同经济补偿纠纷`,
    facts: (c) =>
      `申请人${c.a}在被申请人${c.b}处工作五年,公司以经营困难为由口头通知其离职,未支付经济补偿,且拖欠最后两个月工资。${c.a}要求支付工资及经济补偿共计${c.amount}。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前支付${c.a}工资及经济补偿共计${c.agreed};二、${c.b}为${c.a}出具解除劳动合同证明并办理社保转移;三、双方劳动关系就此解除,再无其他争议。${STANDARD_CLAUSE}`,
    amount: [15000, 90000],
    respondent: 'employer',
    tags: ['劳动合同'],
  },
  {
    category: 'LABOR_WAGES',
    weight: 2,
    title: (c) => `外卖骑手${c.a}劳务报酬及工伤纠纷`,
    facts: (c) =>
      `申请人${c.a}通过${c.b}承接外卖配送业务,送餐途中为避让行人摔倒,右腿骨折,医疗费及误工损失约${c.amount}。${c.b}认为双方不存在劳动关系,只同意按商业保险理赔,${c.a}不满。`,
    terms: (c) =>
      `一、${c.b}协助${c.a}办理骑手意外险理赔;二、保险赔付之外,${c.b}另行给予${c.a}一次性补偿${c.agreed};三、${c.a}伤愈后可继续接单。${STANDARD_CLAUSE}`,
    amount: [20000, 80000],
    respondent: 'platform',
    thirdParty: { chance: 0.5, kind: 'insurer' },
    tags: ['新就业形态', '外卖骑手'],
  },
  {
    category: 'LABOR_WAGES',
    weight: 1,
    title: (c) => `${c.a}与${c.b}家政服务报酬纠纷`,
    facts: (c) =>
      `申请人${c.a}为被申请人${c.b}家照看老人十个月,约定月工资6500元。${c.b}以老人摔伤系照看不周为由扣发最后两个月工资${c.amount},${c.a}认为摔伤系老人夜间自行起床所致。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前支付${c.a}劳务报酬${c.agreed};二、双方劳务关系解除,互不追究。${STANDARD_CLAUSE}`,
    amount: [8000, 15000],
    applicantGender: 'F',
    tags: ['家政服务'],
  },

  // ───────────── 侵权 ─────────────
  {
    category: 'TORT_DAMAGES',
    weight: 3,
    title: (c) => `${c.a}与${c.b}非机动车交通事故损害赔偿纠纷`,
    facts: (c) =>
      `被申请人${c.b}驾驶电动自行车在${c.place}路口闯红灯,与申请人${c.a}骑行的自行车相撞,致${c.a}锁骨骨折。交警认定${c.b}负事故主要责任。${c.a}要求赔偿医疗费、误工费、护理费等共计${c.amount}。`,
    terms: (c) =>
      `一、${c.b}赔偿${c.a}各项损失共计${c.agreed},已支付的垫付款3000元予以扣除;二、余款于${c.payBy}前付清;三、本次事故就此了结。${STANDARD_CLAUSE}`,
    amount: [8000, 60000],
    thirdParty: { chance: 0.25, kind: 'insurer' },
    tags: ['交通事故'],
  },
  {
    category: 'TORT_DAMAGES',
    weight: 2,
    title: (c) => `${c.place}高空坠物致车辆受损纠纷`,
    facts: (c) =>
      `申请人${c.a}停放在${c.place}楼下的轿车被高空坠落的花盆砸坏,经物业调取监控确认花盆系从${c.b}家阳台坠落。${c.a}要求赔偿维修费${c.amount},${c.b}认为系大风所致,只愿承担部分费用。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前赔偿${c.a}车辆维修费${c.agreed};二、${c.b}清理阳台外侧放置物品,物业加强巡查。${STANDARD_CLAUSE}`,
    amount: [2000, 15000],
    where: 'urban',
    thirdParty: { chance: 0.2, kind: 'property' },
    tags: ['高空抛物'],
  },
  {
    category: 'TORT_DAMAGES',
    weight: 2,
    title: (c) => `${c.a}被犬只咬伤赔偿纠纷`,
    facts: (c) =>
      `申请人${c.a}在${c.place}散步时被被申请人${c.b}饲养的未拴绳犬只咬伤小腿,先后注射狂犬疫苗五针。${c.a}要求赔偿医疗费、误工费及精神损失共计${c.amount}。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前赔偿${c.a}各项损失${c.agreed};二、${c.b}今后文明养犬,出门牵绳。${STANDARD_CLAUSE}`,
    amount: [1500, 8000],
    tags: ['文明养犬', '人身损害'],
  },
  {
    category: 'TORT_DAMAGES',
    weight: 1,
    title: (c) => `${c.a}与${c.b}斗殴致伤赔偿纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}因停车问题发生争执并互相推搡,${c.a}倒地致头部缝合六针。派出所出警后将纠纷移交调解。${c.a}要求赔偿医疗费、误工费共计${c.amount},双方情绪对立,存在再次冲突可能。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前赔偿${c.a}医疗费、误工费等共计${c.agreed};二、双方互相道歉,今后不得寻衅报复。${STANDARD_CLAUSE}`,
    amount: [3000, 20000],
    tags: ['人身损害', '民转刑风险'],
    risk: [0.1, 0.4, 0.4, 0.1],
  },

  // ───────────── 消费 ─────────────
  {
    category: 'CONSUMER',
    weight: 3,
    title: (c) => `${c.a}健身预付卡退费纠纷`,
    facts: (c) =>
      `申请人${c.a}在被申请人${c.b}办理两年期健身会员卡并预付${c.amount},使用不到半年健身房即以"装修升级"为由停业,至今未恢复营业。${c.a}要求退还剩余费用,${c.b}只同意延长会员期限。`,
    terms: (c) =>
      `一、${c.b}按未使用期限折算退还${c.a}${c.agreed},于${c.payBy}前退至原支付账户;二、${c.a}交回会员卡,双方合同解除。${STANDARD_CLAUSE}`,
    amount: [3000, 12000],
    respondent: 'fitness',
    applicants: [1, 3],
    tags: ['预付卡'],
  },
  {
    category: 'CONSUMER',
    weight: 2,
    title: (c) => `${c.a}与装修公司装修质量纠纷`,
    facts: (c) =>
      `申请人${c.a}将住房交由${c.b}全包装修,合同价款${c.amount}。入住后发现卫生间渗水、墙面开裂、所用瓷砖与合同约定品牌不符。${c.a}要求返工并赔偿,装修公司认为属正常沉降。`,
    terms: (c) =>
      `一、${c.b}于二十日内对卫生间防水及开裂墙面免费返工;二、瓷砖差价及损失共计${c.agreed}于${c.payBy}前退还${c.a};三、返工完成后双方共同验收。${STANDARD_CLAUSE}`,
    amount: [30000, 180000],
    respondent: 'decoration',
    tags: ['装修'],
  },
  {
    category: 'CONSUMER',
    weight: 2,
    title: (c) => `${c.a}与餐饮店食品安全纠纷`,
    facts: (c) =>
      `申请人${c.a}一家在被申请人${c.b}经营的餐厅聚餐后,三人出现腹泻、呕吐症状并到医院就诊,花费医疗费${c.amount}。${c.a}要求赔偿医疗费并按消费金额十倍赔偿,餐厅认为无法证明与其食品有关。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前赔偿${c.a}医疗费及误工损失${c.agreed};二、${c.b}接受市场监管部门检查并整改后厨卫生。${STANDARD_CLAUSE}`,
    amount: [1000, 8000],
    respondent: 'restaurant',
    tags: ['食品安全'],
  },

  // ───────────── 旅游 ─────────────
  {
    category: 'TOURISM',
    weight: 3,
    title: (c) => `游客${c.a}与旅行社行程变更纠纷`,
    facts: (c) =>
      `外地游客${c.a}一行参加${c.b}组织的西湖、灵隐寺两日游,旅行社擅自取消部分景点并增加购物点,导游态度恶劣。游客要求退还团费差价及赔偿共计${c.amount}。`,
    terms: (c) =>
      `一、${c.b}退还${c.a}等人未履行景点费用及赔偿共计${c.agreed},当场支付;二、${c.b}向游客书面致歉。${STANDARD_CLAUSE}`,
    amount: [1500, 12000],
    applicants: [1, 4],
    respondent: 'travel',
    districtBias: '330106',
    tags: ['旅游投诉'],
  },
  {
    category: 'TOURISM',
    weight: 2,
    title: (c) => `游客${c.a}与民宿设施不符纠纷`,
    facts: (c) =>
      `游客${c.a}通过网络平台预订${c.place}一家民宿,入住后发现房间与宣传图片严重不符,热水器损坏、空调无法制冷。${c.a}要求退还房费${c.amount},经营方${c.b}只同意退一晚。`,
    terms: (c) =>
      `一、${c.b}退还${c.a}房费${c.agreed};二、${c.b}按宣传内容整改房间设施并更新平台图片。${STANDARD_CLAUSE}`,
    amount: [800, 5000],
    respondent: 'homestay',
    districtBias: '330106',
    tags: ['旅游投诉', '民宿'],
  },

  // ───────────── 医疗 ─────────────
  {
    category: 'MEDICAL',
    weight: 3,
    title: (c) => `${c.a}与${c.b}医疗损害赔偿纠纷`,
    facts: (c) =>
      `患者${c.a}在${c.b}接受腹腔镜胆囊切除术后出现胆漏,二次手术后住院治疗一个月。患方认为医院手术操作不当,要求赔偿医疗费、误工费、护理费等共计${c.amount};院方认为属手术并发症。患者家属曾在医院门诊大厅拉横幅。`,
    terms: (c) =>
      `一、${c.b}一次性补偿${c.a}${c.agreed},于${c.payBy}前支付;二、${c.a}后续复查费用由院方减免;三、患方撤除横幅,不再以任何形式干扰医院正常诊疗秩序。${STANDARD_CLAUSE}`,
    amount: [50000, 400000],
    respondent: 'hospital',
    thirdParty: { chance: 0.3, kind: 'insurer' },
    tags: ['医患纠纷', '医闹风险'],
    risk: [0.1, 0.45, 0.35, 0.1],
  },
  {
    category: 'MEDICAL',
    weight: 2,
    title: (c) => `${c.a}与口腔诊所种植牙纠纷`,
    facts: (c) =>
      `申请人${c.a}在${c.b}种植两颗牙齿,费用${c.amount}。术后半年种植体松动脱落,${c.a}要求退还全部费用并赔偿,诊所同意免费重新种植但不同意退款。`,
    terms: (c) =>
      `一、${c.b}退还${c.a}种植费用${c.agreed};二、${c.a}可在其他医疗机构另行治疗,双方不再有其他争议。${STANDARD_CLAUSE}`,
    amount: [12000, 40000],
    respondent: 'clinic',
    tags: ['医患纠纷'],
  },

  // ───────────── 合同 ─────────────
  {
    category: 'CONTRACT',
    weight: 3,
    title: (c) => `${c.a}与${c.b}买卖合同货款纠纷`,
    facts: (c) =>
      `申请人${c.a}多年来向被申请人${c.b}供应服装面料,双方对账确认尚欠货款${c.amount},${c.b}以资金周转困难为由一再拖延。${c.a}称再不付款将起诉并申请财产保全。`,
    terms: (c) =>
      `一、${c.b}确认欠款${c.amount},同意支付${c.agreed};二、首期款于${c.payBy}前支付,余款分三个月付清;三、如有一期未按时支付,${c.a}可就全部欠款申请强制执行。${STANDARD_CLAUSE}`,
    amount: [20000, 300000],
    respondent: 'employer',
    tags: ['货款'],
  },
  {
    category: 'CONTRACT',
    weight: 2,
    title: (c) => `${c.a}与茶叶收购商茶叶收购款纠纷`,
    facts: (c) =>
      `${c.place}茶农${c.a}将今年采制的明前茶卖给${c.b},约定茶季结束后统一结算。现${c.b}以茶叶等级不符为由压价并拖欠收购款${c.amount},${c.a}等茶农多次催讨未果。`,
    terms: (c) =>
      `一、双方共同委托茶叶站对留存样品重新评级;二、${c.b}按评级结果于${c.payBy}前支付收购款${c.agreed};三、今后收购签订书面合同。${STANDARD_CLAUSE}`,
    amount: [10000, 120000],
    applicants: [1, 4],
    respondent: 'tea',
    where: 'rural',
    tags: ['农产品'],
  },
  {
    category: 'CONTRACT',
    weight: 1,
    title: (c) => `${c.a}与${c.b}房屋装修承揽合同纠纷`,
    facts: (c) =>
      `申请人${c.a}承接被申请人${c.b}的农房装修工程,双方口头约定包工包料。工程完工后${c.b}以工期延误、部分工程质量不合格为由拒付尾款${c.amount}。`,
    terms: (c) =>
      `一、${c.a}对不合格部位进行修补;二、${c.b}于修补完成后三日内支付尾款${c.agreed}。${STANDARD_CLAUSE}`,
    amount: [10000, 60000],
    where: 'rural',
    tags: ['承揽'],
  },

  // ───────────── 房屋租赁 ─────────────
  {
    category: 'HOUSING_LEASE',
    weight: 3,
    title: (c) => `${c.a}与房东${c.b}租房押金退还纠纷`,
    facts: (c) =>
      `申请人${c.a}租住被申请人${c.b}位于${c.place}的房屋,租期届满退房时,${c.b}以墙面污损、家电损坏为由扣留押金${c.amount}。${c.a}认为属于正常使用损耗,要求全额退还。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前退还${c.a}押金${c.agreed};二、其余部分作为墙面修补费用;三、双方租赁关系终止,再无其他争议。${STANDARD_CLAUSE}`,
    amount: [2000, 9000],
    tags: ['押金', '租赁'],
  },
  {
    category: 'HOUSING_LEASE',
    weight: 2,
    title: (c) => `${c.a}与${c.b}群租房安全隐患纠纷`,
    facts: (c) =>
      `${c.place}居民${c.a}等反映,被申请人${c.b}将住房隔成八个单间对外出租,人员进出频繁、电线私拉乱接,存在较大消防隐患。${c.b}认为是合法出租,与邻居发生争执。`,
    terms: (c) =>
      `一、${c.b}于一个月内拆除违规隔断,出租间数符合规定;二、现有租户合同到期后不再续租超出部分;三、社区和派出所联合复查。${STANDARD_CLAUSE}`,
    applicants: [1, 3],
    where: 'urban',
    tags: ['群租', '消防隐患'],
  },
  {
    category: 'HOUSING_LEASE',
    weight: 1,
    title: (c) => `${c.a}与租赁公司提前解约纠纷`,
    facts: (c) =>
      `申请人${c.a}通过${c.b}承租${c.place}一套公寓,因工作调动需提前三个月退租。${c.b}要求其支付两个月租金作为违约金共计${c.amount},${c.a}认为已提前一个月通知并找到转租人。`,
    terms: (c) =>
      `一、由${c.a}介绍的转租人续租,${c.a}支付违约金${c.agreed};二、${c.b}退还剩余押金及预付租金。${STANDARD_CLAUSE}`,
    amount: [4000, 12000],
    respondent: 'rental',
    where: 'urban',
    tags: ['租赁'],
  },

  // ───────────── 债务 ─────────────
  {
    category: 'DEBT',
    weight: 3,
    title: (c) => `${c.a}与${c.b}民间借贷纠纷`,
    facts: (c) =>
      `被申请人${c.b}两年前因做生意向申请人${c.a}借款${c.amount},出具借条约定一年内归还。借款到期后${c.b}仅支付部分利息,本金一直未还,${c.a}多次催讨,双方关系紧张。`,
    terms: (c) =>
      `一、${c.b}确认尚欠本金${c.amount};二、${c.b}于${c.payBy}前归还${c.agreed},余款每月归还不少于5000元;三、${c.a}放弃逾期利息。${STANDARD_CLAUSE}`,
    amount: [20000, 300000],
    thirdParty: { chance: 0.2 },
    tags: ['借贷'],
  },
  {
    category: 'DEBT',
    weight: 1,
    title: (c) => `${c.a}与${c.b}合伙经营债务纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}合伙经营一家小吃店,因经营不善关店。清算时${c.b}拒绝分担店铺装修款及供应商欠款共计${c.amount},${c.a}已先行垫付。`,
    terms: (c) =>
      `一、合伙债务由双方按出资比例分担,${c.b}应分担${c.agreed};二、${c.b}于${c.payBy}前支付给${c.a}。${STANDARD_CLAUSE}`,
    amount: [20000, 100000],
    tags: ['合伙'],
  },

  // ───────────── 土地、山林 ─────────────
  {
    category: 'LAND_GRASSLAND',
    weight: 3,
    title: (c) => `${c.a}与${c.b}茶园山林界址纠纷`,
    facts: (c) =>
      `申请人${c.a}与被申请人${c.b}的承包茶园在${c.place}相邻。${c.b}在修整茶园时砍伐了界址附近的一片竹林并扩种茶苗,${c.a}认为侵占了自家承包山林约半亩,双方在山上发生推搡。`,
    terms: (c) =>
      `一、以林权证附图为准,由村委会和林业站现场确定界址并埋设界桩;二、${c.b}移栽越界茶苗,并补偿${c.a}竹林损失${c.agreed}。${STANDARD_CLAUSE}`,
    amount: [2000, 15000],
    where: 'rural',
    tags: ['山林', '承包经营'],
  },
  {
    category: 'LAND_GRASSLAND',
    weight: 2,
    title: (c) => `${c.a}与股份经济合作社土地征收补偿分配纠纷`,
    facts: (c) =>
      `${c.village}部分土地被征收用于道路建设。申请人${c.a}系外嫁女,户口仍在本村,合作社以其已出嫁为由不予分配征地补偿款,${c.a}要求按人口平均分得补偿款${c.amount}。`,
    terms: (c) =>
      `一、${c.b}确认${c.a}具有本集体经济组织成员资格;二、${c.b}于${c.payBy}前向${c.a}发放补偿款${c.agreed}。${STANDARD_CLAUSE}`,
    amount: [30000, 120000],
    respondent: 'cooperative',
    where: 'rural',
    applicantGender: 'F',
    tags: ['征地补偿', '妇女权益'],
    risk: [0.2, 0.5, 0.25, 0.05],
  },
  {
    category: 'LAND_GRASSLAND',
    weight: 1,
    title: (c) => `${c.a}与${c.b}土地承包经营权流转纠纷`,
    facts: (c) =>
      `申请人${c.a}将承包的三亩水田流转给被申请人${c.b}种植苗木,约定每年流转费${c.amount}。${c.b}已连续两年未支付流转费,${c.a}要求解除流转合同、收回土地。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前支付拖欠的流转费${c.agreed};二、流转合同继续履行至期满,期满后${c.b}负责恢复耕地原状。${STANDARD_CLAUSE}`,
    amount: [3000, 12000],
    where: 'rural',
    tags: ['土地流转'],
  },

  // ───────────── 其他 ─────────────
  {
    category: 'OTHER',
    weight: 2,
    title: (c) => `${c.a}与${c.b}祖坟迁移纠纷`,
    facts: (c) =>
      `因村道拓宽需迁移${c.place}山脚的几座老坟,申请人${c.a}家族同意迁移,但被申请人${c.b}家族对新墓地位置和迁坟补偿有异议,阻止施工,双方家族聚集争吵。`,
    terms: (c) =>
      `一、新墓地选址由双方家族代表共同确定;二、迁坟补偿按区统一标准执行,每座补偿${c.agreed};三、迁坟择期进行,村委会派人协助。${STANDARD_CLAUSE}`,
    amount: [5000, 20000],
    where: 'rural',
    tags: ['殡葬'],
    risk: [0.3, 0.45, 0.2, 0.05],
  },
  {
    category: 'OTHER',
    weight: 1,
    title: (c) => `${c.a}与${c.b}村务公开纠纷`,
    facts: (c) =>
      `村民${c.a}等人对村集体厂房出租收入的使用情况提出质疑,要求村委会公开近三年账目。村委会认为已按规定公示,双方在村民代表会议上发生争执。`,
    terms: () =>
      `一、村务监督委员会对近三年厂房出租收支进行专项核查;二、核查结果在村务公开栏和"浙里办"村务平台公示十五日;三、申请人对核查结果有异议的,可向街道(镇)纪工委反映。${STANDARD_CLAUSE}`,
    applicants: [2, 5],
    where: 'rural',
    tags: ['村务'],
  },

  // ───────────── 涉疫 ─────────────
  {
    category: 'CONSUMER',
    weight: 3,
    epidemic: true,
    title: (c) => `${c.a}与药店口罩哄抬价格纠纷`,
    facts: (c) =>
      `申请人${c.a}在${c.b}购买医用口罩,发现每盒售价较疫情前上涨三倍以上,且发票显示为普通口罩。${c.a}认为药店哄抬物价、以次充好,要求退款并赔偿${c.amount}。`,
    terms: (c) =>
      `一、${c.b}退还${c.a}购物款并赔偿${c.agreed};二、${c.b}按市场监管部门要求明码标价、公示进货价格。${STANDARD_CLAUSE}`,
    amount: [200, 3000],
    respondent: 'pharmacy',
    tags: ['涉疫', '哄抬物价', '口罩'],
  },
  {
    category: 'CONSUMER',
    weight: 2,
    epidemic: true,
    title: (c) => `居民${c.a}与超市蔬菜肉品涨价纠纷`,
    facts: (c) =>
      `疫情封控期间,${c.place}周边居民${c.a}等人反映${c.b}蔬菜、猪肉价格短期内大幅上涨,且保供套餐强制搭售。居民在超市门口聚集理论,要求退还差价共计${c.amount}。`,
    terms: (c) =>
      `一、${c.b}退还居民差价共计${c.agreed};二、保供期间取消搭售,按区定价目录明码标价。${STANDARD_CLAUSE}`,
    amount: [500, 6000],
    applicants: [2, 5],
    respondent: 'supermarket',
    tags: ['涉疫', '哄抬物价'],
    risk: [0.3, 0.5, 0.18, 0.02],
  },
  {
    category: 'NEIGHBORHOOD',
    weight: 2,
    epidemic: true,
    title: (c) => `${c.b}操办喜宴聚餐聚集劝阻纠纷`,
    facts: (c) =>
      `疫情防控期间,被申请人${c.b}坚持在${c.place}家中操办喜宴,邀请亲友三十余桌。村网格员和志愿者${c.a}上门劝阻时遭到辱骂推搡,双方发生冲突。`,
    terms: (c) =>
      `一、${c.b}取消集中聚餐,喜宴延期举办;二、${c.b}就推搡行为向${c.a}道歉,${c.a}予以谅解;三、村委会协助${c.b}退订已预订的酒席,减少经济损失。${STANDARD_CLAUSE}`,
    where: 'rural',
    tags: ['涉疫', '聚餐聚集'],
    risk: [0.3, 0.5, 0.18, 0.02],
  },
  {
    category: 'OTHER',
    weight: 2,
    epidemic: true,
    title: (c) => `返杭人员${c.b}拒不居家健康监测纠纷`,
    facts: (c) =>
      `被申请人${c.b}从中高风险地区返杭,按规定应居家健康监测七天,但其多次外出并拒绝社区上门测温,与社区工作人员${c.a}发生争执,邻居意见很大。`,
    terms: (c) =>
      `一、${c.b}严格落实居家健康监测,配合每日测温和核酸检测;二、社区为${c.b}家提供生活物资代购服务;三、${c.b}就此前言行向${c.a}道歉。${STANDARD_CLAUSE}`,
    tags: ['涉疫', '拒不隔离'],
    risk: [0.2, 0.5, 0.25, 0.05],
  },
  {
    category: 'PROPERTY_MANAGEMENT',
    weight: 2,
    epidemic: true,
    title: (c) => `业主${c.a}拒戴口罩、不配合测温与保安冲突纠纷`,
    facts: (c) =>
      `业主${c.a}进入${c.place}小区时拒绝佩戴口罩、不配合测温,与物业${c.b}的保安发生推搡,双方均有轻微擦伤。${c.a}认为保安态度粗暴,要求物业道歉并赔偿医药费${c.amount}。`,
    terms: (c) =>
      `一、${c.a}今后进出小区配合防疫检查;二、${c.b}对保安进行文明执勤培训,并承担${c.a}医药费${c.agreed};三、双方互相谅解。${STANDARD_CLAUSE}`,
    amount: [200, 1500],
    respondent: 'property',
    where: 'urban',
    tags: ['涉疫', '口罩测温'],
  },
  {
    category: 'TOURISM',
    weight: 2,
    epidemic: true,
    title: (c) => `游客${c.a}与民宿押金退还纠纷`,
    facts: (c) =>
      `游客${c.a}提前预订${c.place}一家民宿整栋包房并支付押金${c.amount},后因目的地疫情防控政策调整无法成行。${c.b}以已按约保留房间为由拒绝退还押金。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前退还${c.a}押金${c.agreed};二、剩余部分转为一年内有效的住宿代金券。${STANDARD_CLAUSE}`,
    amount: [1000, 8000],
    respondent: 'homestay',
    districtBias: '330106',
    tags: ['涉疫', '退订押金', '民宿'],
  },
  {
    category: 'CONSUMER',
    weight: 1,
    epidemic: true,
    title: (c) => `${c.a}与酒店婚宴退订纠纷`,
    facts: (c) =>
      `申请人${c.a}在${c.b}预订婚宴二十桌并支付定金${c.amount},后因疫情防控要求暂停大型聚餐活动,婚宴无法举办。酒店表示只能延期不能退款,${c.a}要求全额退还定金。`,
    terms: (c) =>
      `一、${c.b}于${c.payBy}前退还${c.a}定金${c.agreed};二、如${c.a}年内在该酒店重新举办婚宴,享受原价格。${STANDARD_CLAUSE}`,
    amount: [5000, 30000],
    respondent: 'hotel',
    tags: ['涉疫', '退订押金'],
  },
  {
    category: 'PROPERTY_MANAGEMENT',
    weight: 2,
    epidemic: true,
    title: (c) => `${c.place}小区消杀费用分摊纠纷`,
    facts: (c) =>
      `疫情期间物业${c.b}对${c.place}小区公共区域每日消杀,事后要求全体业主按面积分摊消杀费用共计${c.amount}。业主代表${c.a}等认为消杀属于物业服务范围,且部分消杀药剂系街道免费发放,拒绝分摊。`,
    terms: (c) =>
      `一、${c.b}公示消杀费用明细,扣除街道免费发放物资部分;二、剩余费用${c.agreed}从公共收益中列支,不再向业主单独收取。${STANDARD_CLAUSE}`,
    amount: [20000, 80000],
    applicants: [2, 4],
    respondent: 'property',
    where: 'urban',
    tags: ['涉疫', '小区消杀'],
  },
  {
    category: 'HOUSING_LEASE',
    weight: 2,
    epidemic: true,
    title: (c) => `${c.a}与${c.b}疫情期间商铺租金减免纠纷`,
    facts: (c) =>
      `申请人${c.a}承租被申请人${c.b}位于${c.place}的临街商铺经营餐饮,受疫情影响停业近两个月,要求减免停业期间租金${c.amount}。${c.b}认为合同未约定减免条款,只同意延长一个月租期。`,
    terms: (c) =>
      `一、${c.b}减免${c.a}停业期间租金${c.agreed};二、租期顺延一个月;三、其余条款按原合同履行。${STANDARD_CLAUSE}`,
    amount: [10000, 60000],
    tags: ['涉疫', '租金减免'],
  },
  {
    category: 'LABOR_WAGES',
    weight: 1,
    epidemic: true,
    title: (c) => `${c.a}等人停工期间工资支付纠纷`,
    facts: (c) =>
      `受疫情影响,${c.b}停工停产一个半月,复工后公司未支付停工期间的生活费,员工${c.a}等人要求按规定支付工资和生活费共计${c.amount},公司以订单减少、资金紧张为由拖延。`,
    terms: (c) =>
      `一、${c.b}按不低于最低工资标准支付停工期间生活费共计${c.agreed};二、分两期于${c.payBy}前付清。${STANDARD_CLAUSE}`,
    amount: [20000, 150000],
    applicants: [2, 6],
    respondent: 'employer',
    tags: ['涉疫', '欠薪'],
    risk: [0.2, 0.5, 0.25, 0.05],
  },
];
