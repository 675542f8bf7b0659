/**
 * Distance between GB/T 2260 administrative divisions from their code prefixes: the first
 * two digits name the province-level division, the first four the prefecture-level city
 * (for the municipalities 11, 12, 31, 50 the "city" is the municipality's district group),
 * all six the county-level district.
 */

/** How near a supplier's region is to a reference region, nearest first. */
export const REGION_RELATIONS = ['within', 'same_city', 'same_province', 'neighbour', 'far', 'unknown'] as const;

/** Relation of a supplier region to a reference (see {@link REGION_RELATIONS}). */
export type RegionRelation = (typeof REGION_RELATIONS)[number];

/**
 * Land borders between province-level divisions (plus Hainan–Guangdong across the
 * Qiongzhou Strait and Hong Kong / Macao – Guangdong). Symmetric; Taiwan has none.
 */
const BORDERS: Readonly<Record<string, readonly string[]>> = {
  '11': ['12', '13'],
  '12': ['11', '13'],
  '13': ['11', '12', '14', '15', '21', '37', '41'],
  '14': ['13', '15', '41', '61'],
  '15': ['13', '14', '21', '22', '23', '61', '62', '64'],
  '21': ['13', '15', '22'],
  '22': ['15', '21', '23'],
  '23': ['15', '22'],
  '31': ['32', '33'],
  '32': ['31', '33', '34', '37'],
  '33': ['31', '32', '34', '35', '36'],
  '34': ['32', '33', '36', '37', '41', '42'],
  '35': ['33', '36', '44'],
  '36': ['33', '34', '35', '42', '43', '44'],
  '37': ['13', '32', '34', '41'],
  '41': ['13', '14', '34', '37', '42', '61'],
  '42': ['34', '36', '41', '43', '50', '61'],
  '43': ['36', '42', '44', '45', '50', '52'],
  '44': ['35', '36', '43', '45', '46', '81', '82'],
  '45': ['43', '44', '52', '53'],
  '46': ['44'],
  '50': ['42', '43', '51', '52', '61'],
  '51': ['50', '52', '53', '54', '61', '62', '63'],
  '52': ['43', '45', '50', '51', '53'],
  '53': ['45', '51', '52', '54'],
  '54': ['51', '53', '63', '65'],
  '61': ['14', '15', '41', '42', '50', '51', '62', '64'],
  '62': ['15', '51', '61', '63', '64', '65'],
  '63': ['51', '54', '62', '65'],
  '64': ['15', '61', '62'],
  '65': ['54', '62', '63'],
  '71': [],
  '81': ['44'],
  '82': ['44'],
};

/** The province-level codes each province-level division borders (empty for an unknown code). */
export function neighbouringProvinces(province: string): readonly string[] {
  return BORDERS[province] ?? [];
}

/** Province-level names for explanations, by the first two digits of GB/T 2260 codes. */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
  '71': '台湾省', '81': '香港特别行政区', '82': '澳门特别行政区',
};

/**
 * How near the region `code` (6 digits) is to the reference `prefix` (2, 4 or 6 digits):
 * `within` when the code starts with the prefix, else `same_city` (first 4 digits equal),
 * `same_province` (first 2), `neighbour` (bordering provinces), `far`; `unknown` when
 * `code` is absent.
 */
export function regionRelation(code: string | undefined, prefix: string): RegionRelation {
  if (code === undefined || code.length < 2) return 'unknown';
  if (code.startsWith(prefix)) return 'within';
  if (prefix.length >= 4 && code.slice(0, 4) === prefix.slice(0, 4)) return 'same_city';
  const province = code.slice(0, 2);
  const reference = prefix.slice(0, 2);
  if (province === reference) return 'same_province';
  return neighbouringProvinces(reference).includes(province) ? 'neighbour' : 'far';
}

/** The nearer of two relations. */
export function nearerRelation(a: RegionRelation, b: RegionRelation): RegionRelation {
  return REGION_RELATIONS.indexOf(a) <= REGION_RELATIONS.indexOf(b) ? a : b;
}

/** Chinese wording of a relation for explanations. */
export const REGION_RELATION_TEXT: Readonly<Record<RegionRelation, string>> = {
  within: '位于偏好地区内',
  same_city: '同城（地级市）',
  same_province: '同省',
  neighbour: '相邻省份',
  far: '非相邻省份',
  unknown: '地区未知',
};
