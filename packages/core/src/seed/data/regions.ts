/**
 * The demo city: Hangzhou, three districts, eight towns/streets and their villages/communities.
 * Codes follow the 12-digit statistical code layout (county 6 + town 3 + village 3); streets (街道)
 * use 0xx town codes and towns (镇) 1xx; communities (社区) 0xx village codes and villages (村) 2xx.
 */

export interface VillageDef {
  code: string;
  name: string;
  /** Roads or natural villages used for addresses and grid descriptions. */
  places: readonly string[];
  /** Number of grids; 2 unless said otherwise. */
  grids?: number;
}

export interface TownDef {
  code: string;
  name: string;
  /** Name without 街道/镇, as in "北山司法所". */
  short: string;
  villages: readonly VillageDef[];
}

export interface DistrictDef {
  code: string;
  name: string;
  /** Name of the district's law firm (fictitious). */
  lawFirm: string;
  /** An extra industry committee of this district (OrganizationType.INDUSTRY_COMMITTEE). */
  industryCommittee: string;
  towns: readonly TownDef[];
}

export const PROVINCE = { code: '330000000000', name: '浙江省' } as const;
export const CITY = { code: '330100000000', name: '杭州市' } as const;

export const DISTRICTS: readonly DistrictDef[] = [
  {
    code: '330106000000',
    name: '西湖区',
    lawFirm: '浙江湖山律师事务所',
    industryCommittee: '西湖区旅游纠纷人民调解委员会',
    towns: [
      {
        code: '330106001000',
        name: '北山街道',
        short: '北山',
        villages: [
          { code: '330106001001', name: '黄龙社区', places: ['黄龙路', '曙光路', '黄姑山路'], grids: 3 },
          { code: '330106001002', name: '曙光新村社区', places: ['曙光路', '保俶北路'] },
          { code: '330106001003', name: '保俶塔社区', places: ['保俶路', '宝石一弄'] },
          { code: '330106001004', name: '宝石社区', places: ['宝石二弄', '宝石山下'] },
        ],
      },
      {
        code: '330106009000',
        name: '留下街道',
        short: '留下',
        villages: [
          { code: '330106009001', name: '横街社区', places: ['留下横街', '留和路'] },
          { code: '330106009002', name: '屏峰社区', places: ['屏峰路', '留祥路'], grids: 3 },
          { code: '330106009003', name: '杨家牌楼社区', places: ['杨家牌楼', '天目山路'] },
          { code: '330106009201', name: '东岳村', places: ['东岳自然村', '茶市街'] },
        ],
      },
      {
        code: '330106008000',
        name: '转塘街道',
        short: '转塘',
        villages: [
          { code: '330106008001', name: '象山社区', places: ['象山路', '之江路'] },
          { code: '330106008201', name: '龙坞村', places: ['龙门坎', '上城埭'] },
          { code: '330106008202', name: '外桐坞村', places: ['外桐坞', '里桐坞'], grids: 1 },
          { code: '330106008203', name: '长埭村', places: ['长埭自然村', '大清谷'] },
        ],
      },
    ],
  },
  {
    code: '330105000000',
    name: '拱墅区',
    lawFirm: '浙江运河律师事务所',
    industryCommittee: '拱墅区消费纠纷人民调解委员会',
    towns: [
      {
        code: '330105002000',
        name: '湖墅街道',
        short: '湖墅',
        villages: [
          { code: '330105002001', name: '信义坊社区', places: ['湖墅南路', '信义巷'] },
          { code: '330105002002', name: '卖鱼桥社区', places: ['湖墅北路', '卖鱼桥'], grids: 3 },
          { code: '330105002003', name: '左家新村社区', places: ['左家新村', '文一路'] },
          { code: '330105002004', name: '大兜路社区', places: ['大兜路', '香积寺路'] },
        ],
      },
      {
        code: '330105006000',
        name: '大关街道',
        short: '大关',
        villages: [
          { code: '330105006001', name: '大关西苑社区', places: ['大关路', '西苑'], grids: 3 },
          { code: '330105006002', name: '东一社区', places: ['东新路', '大关东一苑'] },
          { code: '330105006003', name: '南苑社区', places: ['上塘路', '大关南苑'] },
        ],
      },
    ],
  },
  {
    code: '330110000000',
    name: '余杭区',
    lawFirm: '浙江良渚律师事务所',
    industryCommittee: '余杭区道路交通事故纠纷人民调解委员会',
    towns: [
      {
        code: '330110005000',
        name: '良渚街道',
        short: '良渚',
        villages: [
          { code: '330110005001', name: '良渚文化村社区', places: ['玉鸟路', '白鹭郡'], grids: 3 },
          { code: '330110005002', name: '荀山社区', places: ['荀山路', '杜城路'] },
          { code: '330110005201', name: '港南村', places: ['港南自然村', '东苕溪路'] },
          { code: '330110005202', name: '新港村', places: ['新港自然村', '104国道'] },
        ],
      },
      {
        code: '330110007000',
        name: '仓前街道',
        short: '仓前',
        villages: [
          { code: '330110007001', name: '仓前社区', places: ['仓前老街', '余杭塘路'] },
          { code: '330110007002', name: '葛巷社区', places: ['文一西路', '良睦路'], grids: 3 },
          { code: '330110007003', name: '太炎社区', places: ['海曙路', '太炎路'] },
          { code: '330110007201', name: '永乐村', places: ['永乐自然村', '章太炎故居路'] },
        ],
      },
      {
        code: '330110105000',
        name: '径山镇',
        short: '径山',
        villages: [
          { code: '330110105201', name: '径山村', places: ['径山寺路', '双溪'] },
          { code: '330110105202', name: '小古城村', places: ['小古城', '北苕溪'] },
          { code: '330110105203', name: '潘板村', places: ['潘板桥', '麻车头'], grids: 1 },
          { code: '330110105204', name: '前溪村', places: ['前溪自然村', '径山茶园'] },
        ],
      },
    ],
  },
];

export function isRural(villageName: string): boolean {
  return villageName.endsWith('村') && !villageName.endsWith('新村社区');
}
