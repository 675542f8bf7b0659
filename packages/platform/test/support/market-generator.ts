import { seededRandom } from '@rongtong/testkit';
import type { DemandItemRecord, SupplyItemRecord } from '../../src/store/market-records.js';
import type { TestServer } from './start-test-server.js';
import { DAY, createEnterpriseId, dailyRecords, dayStart } from './market-fixtures.js';

/** Leaf categories of the generated market with their Chinese names. */
export const LEAF_CATEGORIES: Readonly<Record<string, string>> = {
  'component.casting.brake-disc': '制动盘铸件',
  'component.casting.housing': '壳体铸件',
  'component.machining.shaft': '轴类机加工件',
  'component.stamping.bracket': '冲压支架',
  'component.injection-molding.trim': '注塑内饰件',
};
const PARENTS = ['component.casting', 'component.machining'];
const REGIONS = ['500112', '500113', '500106', '500107', '510104', '510112', '520102', '420106', '440305', '320505'];
const DESIGNATIONS = ['DESIGNATION_NONE', 'DESIGNATION_INNOVATIVE_SME', 'DESIGNATION_SPECIALIZED', 'DESIGNATION_LITTLE_GIANT'] as const;
const MATERIALS = ['HT250', 'HT300', '45#', 'DC04', 'PP'];

/** The generated market's ids. */
export interface GeneratedMarket {
  buyers: string[];
  suppliers: string[];
  demandIds: string[];
  supplyIds: string[];
}

/**
 * A seeded market in tenant `tenantId`: 3 buyers, `supplierCount` suppliers (Chinese names,
 * GB/T 2260 regions, designations, certifications) with 5 supply items each, `demandCount`
 * OPEN demand items (some in parent categories), and daily AVAILABLE records for about
 * 70 % of the suppliers over the next 60 days. Items go straight into the store.
 */
export async function generateMarket(server: TestServer, tenantId: string, adminSecret: string, demandCount = 50, supplierCount = 40, seed = 20_260_301): Promise<GeneratedMarket> {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const now = server.clock.now();
  const today = dayStart(now);
  const buyers: string[] = [];
  for (let i = 0; i < 3; i += 1) buyers.push(await createEnterpriseId(server, adminSecret, 500 + i, { name: ['重庆长江汽车有限公司', '四川天府装备制造有限公司', '贵州黔中智能装备有限公司'][i] ?? '', sizeClass: 'SIZE_CLASS_LARGE' }));
  const suppliers: string[] = [];
  for (let i = 0; i < supplierCount; i += 1) {
    suppliers.push(await createEnterpriseId(server, adminSecret, 600 + i, {
      name: `重庆${pick(['精工', '鑫达', '宏远', '华创', '德瑞'])}机械有限公司 ${i}`,
      regionCode: pick(REGIONS),
      designation: pick(DESIGNATIONS),
      certifications: random() < 0.5 ? ['ISO9001', 'IATF16949'] : ['ISO9001'],
    }));
  }
  const categories = Object.keys(LEAF_CATEGORIES);
  const supply: SupplyItemRecord[] = [];
  const records = [];
  for (const [s, supplierId] of suppliers.entries()) {
    if (random() < 0.7) records.push(...dailyRecords(tenantId, supplierId, today, 60, 100 + Math.floor(random() * 900), { confidence: 0.6 + random() * 0.35 }));
    for (let k = 0; k < 5; k += 1) {
      const category = pick(categories);
      supply.push({
        id: `sup_gen_${s}_${k}`,
        tenantId,
        supplierEnterpriseId: supplierId,
        category,
        mainProduct: `${LEAF_CATEGORIES[category] ?? category}（${pick(['乘用车', '商用车', '摩托车'])}）`,
        spec: { material: pick(MATERIALS) },
        declaredCapacity: { quantity: { value: 1000 + Math.floor(random() * 20) * 500, unit: '' }, granularity: 'week' },
        ...(random() < 0.9 ? { leadTime: (3 + Math.floor(random() * 20)) * DAY } : {}),
        intendedCustomers: random() < 0.2 ? [pick(buyers)] : [],
        certifications: [],
        status: random() < 0.93 ? 'open' : 'draft',
        createTime: now,
        updateTime: now,
        etag: `e${s}${k}`,
      });
    }
  }
  const demand: DemandItemRecord[] = Array.from({ length: demandCount }, (_, i): DemandItemRecord => {
    const category = random() < 0.2 ? pick(PARENTS) : pick(categories);
    return {
      id: `dem_gen_${i}`,
      tenantId,
      buyerEnterpriseId: pick(buyers),
      category,
      name: `${LEAF_CATEGORIES[category] ?? '铸件'}采购 ${i}`,
      spec: random() < 0.7 ? { material: pick(MATERIALS) } : {},
      quantity: { value: (10 + Math.floor(random() * 100)) * 100, unit: '' },
      delivery: { kind: 'due_time', dueTime: now + (14 + Math.floor(random() * 40)) * DAY },
      regionCodes: random() < 0.6 ? [pick(['50', '51', '5001'])] : [],
      requiredCertifications: random() < 0.3 ? ['IATF16949'] : [],
      ...(random() < 0.2 ? { minimumDesignation: 'specialized' as const } : {}),
      status: 'open',
      committedQuantity: { value: 0, unit: '' },
      createTime: now,
      updateTime: now,
      etag: `d${i}`,
    };
  });
  await server.store.saveSupplyItems(supply, []);
  await server.store.saveDemandItems(demand, []);
  await server.store.putCapacityRecords(records, []);
  return { buyers, suppliers, demandIds: demand.map((d) => d.id), supplyIds: supply.map((s) => s.id) };
}
