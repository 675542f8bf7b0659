// Test-only fixtures (excluded from the build and the published package): a seeded,
// reproducible market of demand items (需求清单) and supply items (供给清单) with Chinese
// names, real GB/T 2260 region codes and measured available capacity per week.
import { type DemandItem, DemandItemSchema } from '../domain/demand-item.js';
import type { Designation } from '../domain/designation.js';
import { type SupplyItem, SupplyItemSchema } from '../domain/supply-item.js';
import type { AvailableCapacityPeriod } from '../market/capacity-coverage.js';
import type { SupplierProfile } from '../market/hard-constraints.js';
import type { SupplyCandidate } from '../market/rank-supply.js';
import { MONDAY, WEEK } from './weeks.js';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The fixture taxonomy: category code → Chinese name. */
export const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  'component.casting': '铸件',
  'component.casting.brake-disc': '制动盘铸件',
  'component.casting.housing': '壳体铸件',
  'component.forging': '锻件',
  'component.machining': '机加工件',
  'component.machining.precision': '精密机加工件',
  'component.machining.shaft': '轴类机加工件',
  'component.injection-molding': '注塑件',
  'component.stamping': '冲压件',
  'component.wire-harness': '线束',
  'electronics.pcba': 'PCB 组装',
};

/** Real GB/T 2260 county-level codes with their names (Chongqing and neighbours weighted up). */
export const REGIONS: readonly (readonly [code: string, name: string])[] = [
  ['500112', '重庆市渝北区'], ['500113', '重庆市巴南区'], ['500106', '重庆市沙坪坝区'], ['500107', '重庆市九龙坡区'],
  ['500108', '重庆市南岸区'], ['500109', '重庆市北碚区'], ['500115', '重庆市长寿区'], ['500116', '重庆市江津区'],
  ['500117', '重庆市合川区'], ['500118', '重庆市永川区'], ['500120', '重庆市璧山区'], ['500151', '重庆市铜梁区'],
  ['510104', '成都市锦江区'], ['510107', '成都市武侯区'], ['510112', '成都市龙泉驿区'], ['510116', '成都市双流区'],
  ['510703', '绵阳市涪城区'], ['510502', '泸州市江阳区'], ['511502', '宜宾市翠屏区'],
  ['520102', '贵阳市南明区'], ['520302', '遵义市红花岗区'],
  ['420106', '武汉市武昌区'], ['420111', '武汉市洪山区'], ['610113', '西安市雁塔区'], ['610116', '西安市长安区'],
  ['430104', '长沙市岳麓区'], ['440305', '深圳市南山区'], ['440106', '广州市天河区'], ['441900', '东莞市'],
  ['320505', '苏州市虎丘区'], ['320205', '无锡市锡山区'], ['330106', '杭州市西湖区'], ['330212', '宁波市鄞州区'],
];

const LEAF_CATEGORIES = Object.keys(CATEGORY_NAMES).filter((c) => !Object.keys(CATEGORY_NAMES).some((o) => o.startsWith(`${c}.`)));

/** Spec attributes per top category: name → candidate values. */
const SPECS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  casting: { material: ['HT250', 'HT300', 'QT450-10'], diameter_mm: ['280', '320', '300-350', '200-400'] },
  forging: { material: ['40Cr', '42CrMo', '20CrMnTi'], weight_kg: ['1.2', '2.5', '≥2', '1-3'] },
  machining: { material: ['45#', '40Cr', '6061-T6'], tolerance_mm: ['0.01', '0.02', '0.005-0.02'], length_mm: ['≤500', '120', '80-300'] },
  'injection-molding': { material: ['PP', 'ABS', 'PA66-GF30'], weight_g: ['35', '20-60', '≤80'] },
  stamping: { material: ['DC04', 'SPCC', 'B340LA'], thickness_mm: ['1.2', '0.8-2.0', '1.5'] },
  'wire-harness': { wire_gauge_mm2: ['0.5', '0.35-2.5', '1.0'], connector: ['TE', 'Molex', 'Amphenol'] },
  pcba: { layers: ['4', '6', '4-8'], smt_min_package: ['0201', '0402'] },
};

const CERTIFICATIONS = ['ISO9001', 'IATF16949', 'ISO14001', 'GB/T29490', 'ISO45001'] as const;
const DESIGNATION_POOL: readonly Designation[] = ['none', 'none', 'innovative_sme', 'innovative_sme', 'specialized', 'little_giant'];
const NAME_WORDS = ['精工', '鑫达', '宏远', '华创', '德瑞', '恒通', '博远', '金鼎', '力拓', '嘉诚', '永盛', '瑞丰'];

/** The generated market. */
export interface MarketFixtures {
  /** The buying enterprises (链主 and large buyers). */
  readonly buyers: readonly SupplierProfile[];
  /** The supplying SMEs. */
  readonly suppliers: readonly SupplierProfile[];
  /** Demand items (需求清单), all open. */
  readonly demands: readonly DemandItem[];
  /** Supply items (供给清单) with their supplier, measured availability and quality: ready to rank. */
  readonly candidates: readonly SupplyCandidate[];
  /** The ranking time: Monday 2025-03-03 00:00 +08:00. */
  readonly now: number;
}

function specFor(category: string, pick: <T>(xs: readonly T[]) => T, random: () => number): Record<string, string> {
  const attributes = SPECS[category.split('.')[1] ?? ''] ?? {};
  const spec: Record<string, string> = {};
  for (const [name, values] of Object.entries(attributes)) if (random() < 0.85) spec[name] = pick(values);
  return spec;
}

/** Generates the market for `seed` (the default seed gives the fixtures the tests use). */
export function generateMarketFixtures(seed = 20_250_303, demandCount = 60, supplierCount = 80, itemsPerSupplier = 3): MarketFixtures {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const now = MONDAY;
  const buyers: SupplierProfile[] = ['重庆长江汽车有限公司', '重庆西部电子科技有限公司', '四川天府装备制造有限公司', '重庆山城摩托车有限公司', '贵州黔中智能装备有限公司'].map(
    (name, i) => ({ id: `ent_buyer_${i + 1}`, name, designation: 'none', certifications: ['ISO9001', 'IATF16949'], regionCode: pick(REGIONS.slice(0, 16))[0] }),
  );
  const suppliers: SupplierProfile[] = Array.from({ length: supplierCount }, (_, i) => {
    const [regionCode, place] = pick(REGIONS);
    const certifications = CERTIFICATIONS.filter((c) => random() < (c === 'ISO9001' ? 0.9 : 0.4));
    return {
      id: `ent_sme_${String(i + 1).padStart(3, '0')}`,
      name: `${place.replace(/市.*$/, '')}${pick(NAME_WORDS)}${['机械', '精密', '电子', '汽配'][i % 4] ?? ''}有限公司`,
      designation: pick(DESIGNATION_POOL),
      certifications,
      regionCode,
    };
  });
  const candidates: SupplyCandidate[] = [];
  suppliers.forEach((supplier, s) => {
    for (let k = 0; k < itemsPerSupplier; k += 1) {
      const category = pick(LEAF_CATEGORIES);
      const perWeek = int(5, 60) * 100;
      const inflated = random() < 0.15;
      const measured = random();
      const weeks = Array.from({ length: 10 }, (__, w) => w);
      const availableCapacity: AvailableCapacityPeriod[] =
        measured < 0.7
          ? weeks.map((w) => ({
              id: `cap_${supplier.id ?? s}_${k}_${w}`,
              startTime: now + w * WEEK,
              endTime: now + (w + 1) * WEEK,
              quantity: { value: Math.round(perWeek * (0.2 + random() * 0.8)), unit: '' },
              confidence: { value: Math.round((0.6 + random() * 0.39) * 100) / 100 },
            }))
          : [];
      const item: SupplyItem = SupplyItemSchema.parse({
        id: `sup_${String(s * itemsPerSupplier + k + 1).padStart(4, '0')}`,
        supplierEnterpriseId: supplier.id,
        category,
        mainProduct: `${CATEGORY_NAMES[category] ?? category}（${pick(['乘用车', '商用车', '摩托车', '工程机械', '消费电子'])}）`,
        spec: specFor(category, pick, random),
        declaredCapacity: { quantity: { value: inflated ? perWeek * 20 : perWeek, unit: '' }, granularity: 'week' },
        ...(measured >= 0.7 && measured < 0.85
          ? { measuredCapacity: { available: { quantity: { value: Math.round(perWeek * 0.6), unit: '' }, granularity: 'week' }, confidence: 0.7, basis: { startTime: now - 4 * WEEK, endTime: now }, capacityRecordIds: [], updateTime: now } }
          : {}),
        leadTime: random() < 0.9 ? int(3, 30) * 86_400_000 : undefined,
        intendedCustomers: buyers.filter(() => random() < 0.15).map((b) => b.id ?? ''),
        ...(random() < 0.3 ? { regionCode: pick(REGIONS)[0] } : {}),
        certifications: random() < 0.2 ? ['IATF16949'] : [],
        status: random() < 0.93 ? 'open' : pick(['draft', 'closed']),
      });
      candidates.push({ item, supplier, availableCapacity, ...(random() < 0.8 ? { qualityRatio: Math.round((0.9 + random() * 0.1) * 1000) / 1000 } : {}) });
    }
  });
  const categories = Object.keys(CATEGORY_NAMES);
  const demands: DemandItem[] = Array.from({ length: demandCount }, (_, i) => {
    const buyer = pick(buyers);
    const category = random() < 0.2 ? pick(categories.filter((c) => !LEAF_CATEGORIES.includes(c))) : pick(LEAF_CATEGORIES);
    const quantity = int(10, 300) * 100;
    const schedule = random() < 0.25;
    const weeksOut = int(2, 8);
    const half = Math.floor(quantity / 2);
    return DemandItemSchema.parse({
      id: `dem_${String(i + 1).padStart(3, '0')}`,
      buyerEnterpriseId: buyer.id,
      category,
      name: `${CATEGORY_NAMES[category] ?? category}采购（${buyer.name ?? ''}）`,
      spec: specFor(category, pick, random),
      quantity: { value: quantity, unit: '' },
      delivery: schedule
        ? { kind: 'schedule', periods: [
            { startTime: now, endTime: now + weeksOut * WEEK, quantity: { value: half, unit: '' } },
            { startTime: now + weeksOut * WEEK, endTime: now + (weeksOut + 2) * WEEK, quantity: { value: quantity - half, unit: '' } },
          ] }
        : { kind: 'due_time', dueTime: now + weeksOut * WEEK },
      regionCodes: random() < 0.6 ? [pick(['50', '51', '5001', '500112', '52'])] : [],
      requiredCertifications: random() < 0.35 ? ['IATF16949'] : random() < 0.5 ? ['ISO9001'] : [],
      ...(random() < 0.2 ? { minimumDesignation: pick(['innovative_sme', 'specialized']) } : {}),
      status: 'open',
    });
  });
  return { buyers, suppliers, demands, candidates, now };
}
