import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RongtongError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseDemandList, parseSupplyList } from './index.js';

const fixture = (name: string): Uint8Array => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const ALIASES = { 制动盘: 'component.casting.brake-disc', 电子元器件: 'component.electronics' };
/** End of a calendar day in Asia/Shanghai (UTC+8), ms. */
const endOfDay = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d, 23, 59, 59, 999) - 8 * 3_600_000;

describe('CSV decoding', () => {
  it('decodes GB18030 when the bytes are not UTF-8 (full ICU available)', () => {
    const { text, encoding } = decodeCsvBytes(fixture('demand-good.gbk.csv'));
    expect(encoding).toBe('gb18030');
    expect(text.startsWith('编号,品类,名称')).toBe(true);
    expect(decodeCsvBytes(fixture('demand-good.csv')).encoding).toBe('utf-8');
  });
});

describe('parseDemandList (CSV)', () => {
  it('imports every row of a good UTF-8 list with BOM, CRLF, quoted commas, newlines and quotes', async () => {
    const result = await parseDemandList(fixture('demand-good.csv'), { format: 'csv', categoryAliases: ALIASES });
    expect(result.errors).toEqual([]);
    expect(result.rowCount).toBe(3);
    expect(result.items.map((i) => i.line)).toEqual([2, 4, 6]); // D-001 spans lines 2–3, line 5 is empty
    const [first, second, third] = result.items.map((i) => i.item);
    expect(first).toMatchObject({
      externalId: 'D-001',
      category: 'component.casting.brake-disc',
      name: '制动盘铸件毛坯',
      description: '商用车前轮制动盘,\r\n年度框架需求',
      spec: { 直径: '320mm', 厚度: '28mm', 材质: 'HT250' },
      quantity: { value: 1000, unit: '' },
      delivery: { kind: 'due_time', dueTime: endOfDay(2026, 12, 31) },
      regionCodes: ['50', '51'],
      requiredCertifications: ['IATF16949'],
      minimumDesignation: 'specialized',
      status: 'open',
    });
    expect(second).toMatchObject({
      quantity: { value: 500, unit: '' },
      regionCodes: ['500112'],
      requiredCertifications: ['ISO9001', 'IATF16949'],
      minimumDesignation: 'little_giant',
      status: 'draft',
      delivery: { kind: 'due_time', dueTime: endOfDay(2026, 11, 30) },
    });
    expect(third).toMatchObject({
      category: 'component.electronics',
      name: '车规级MCU, 32位',
      spec: { 封装: '"LQFP-64"' },
      quantity: { value: 20000, unit: '' },
      delivery: { kind: 'due_time', dueTime: Date.parse('2027-01-15T04:00:00Z') },
      regionCodes: ['5101', '31'],
    });
  });

  it('reads the same items from the GBK-encoded copy', async () => {
    const utf8 = await parseDemandList(fixture('demand-good.csv'), { format: 'csv', categoryAliases: ALIASES });
    const gbk = await parseDemandList(fixture('demand-good.gbk.csv'), { format: 'csv', categoryAliases: ALIASES });
    expect(gbk.encoding).toBe('gb18030');
    expect(gbk.errors).toEqual([]);
    expect(gbk.items).toEqual(utf8.items);
  });

  it('reports every bad cell of every bad row by line and column and imports every good row', async () => {
    const result = await parseDemandList(fixture('demand-bad.csv'), { format: 'csv', categoryAliases: ALIASES });
    expect(result.items.map((i) => [i.line, i.item.externalId])).toEqual([[2, 'D-101'], [4, 'D-103'], [9, 'D-107']]);
    expect(result.items[1]?.item).toMatchObject({ category: 'component.casting', quantity: { value: 2500, unit: 'kg' }, regionCodes: ['50', '51'], minimumDesignation: 'innovative_sme' });
    expect(result.items[2]?.item.name).toBe('多行\n名称');
    const cells = result.errors.map((e) => [e.line, e.column, e.header, e.field]);
    expect(cells).toEqual([
      [3, '3', '名称', 'name'],
      [3, '4', '数量', 'quantity'],
      [3, '6', '交付日期', 'delivery'],
      [3, '7', '地区', 'regionCodes'],
      [3, '8', '资质认证', 'requiredCertifications'],
      [3, '9', '最低资质', 'minimumDesignation'],
      [5, '4', '数量', 'quantity'],
      [7, '2', '品类', 'category'],
      [7, '6', '交付日期', 'delivery'],
      [8, '3', '名称', 'name'],
      [11, '3', '', ''],
    ]);
    const reason = (line: number, field: string): string => result.errors.find((e) => e.line === line && e.field === field)?.reason ?? '';
    expect(reason(3, 'name')).toMatch(/required/);
    expect(reason(3, 'regionCodes')).toMatch(/火星/);
    expect(reason(3, 'requiredCertifications')).toMatch(/ISO 9001/);
    expect(reason(5, 'quantity')).toMatch(/negative/);
    expect(reason(8, 'name')).toMatch(/2100 characters.*2000/);
    expect(result.errors.at(-1)?.reason).toMatch(/unterminated/);
  });

  it('reports missing required columns once on line 1 and imports nothing', async () => {
    const csv = '品类,名称,单位\n制动盘,制动盘毛坯,件\n';
    const result = await parseDemandList(new TextEncoder().encode(csv), { format: 'csv', categoryAliases: ALIASES });
    expect(result.items).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 1, column: '' });
    expect(result.errors[0]?.reason).toMatch(/missing required column: quantity/);
  });

  it('enforces the row and byte limits with clear errors', async () => {
    const csv = new TextEncoder().encode(`category,name,quantity\n${'a.b,x,1\n'.repeat(5)}`);
    const rows = await parseDemandList(csv, { format: 'csv', limits: { maxRows: 4 } });
    expect(rows.items).toEqual([]);
    expect(rows.errors.map((e) => e.reason)).toEqual(['the file has 5 data rows, at most 4 allowed']);
    const ok = await parseDemandList(csv, { format: 'csv', limits: { maxRows: 5 } });
    expect(ok.items).toHaveLength(5);
    await expect(parseDemandList(csv, { format: 'csv', limits: { maxBytes: 10 } })).rejects.toSatisfy(
      (e: unknown) => e instanceof RongtongError && e.code === 'INVALID_ARGUMENT' && /at most 10/.test(e.message),
    );
  });
});

describe('parseSupplyList (CSV)', () => {
  it('imports a supply list with capacity as 件/周, lead time in days, customers and region names', async () => {
    const result = await parseSupplyList(fixture('supply-good.csv'), { format: 'csv' });
    expect(result.errors).toEqual([]);
    expect(result.items.map((i) => i.item)).toEqual([
      expect.objectContaining({
        category: 'component.casting.brake-disc',
        mainProduct: '汽车制动盘',
        spec: { 材质: 'HT250' },
        declaredCapacity: { quantity: { value: 20000, unit: '' }, granularity: 'week' },
        leadTime: 15 * 86_400_000,
        intendedCustomers: ['长安汽车', '赛力斯'],
        regionCode: '500112',
        certifications: ['IATF16949', 'ISO9001'],
        status: 'open',
      }),
      expect.objectContaining({
        declaredCapacity: { quantity: { value: 800, unit: '' }, granularity: 'shift' },
        leadTime: 7 * 86_400_000,
        intendedCustomers: [],
        regionCode: '510100',
        status: 'draft',
      }),
    ]);
  });
});

describe('parseDemandList robustness', () => {
  it('never throws on arbitrary bytes below the size limit (seeded)', async () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const alphabet = new TextEncoder().encode('品类,名称,数量\n"\r ,;=1-/a\u00ff');
    for (let round = 0; round < 40; round += 1) {
      const head = new TextEncoder().encode('品类,名称,数量\n');
      const body = Uint8Array.from({ length: 200 }, () => (next() % 3 === 0 ? next() % 256 : (alphabet[next() % alphabet.length] ?? 0)));
      const bytes = new Uint8Array([...head, ...body]);
      const result = await parseDemandList(bytes, { format: 'csv' });
      expect(result.items.length + result.errors.length).toBeGreaterThan(0);
      for (const error of result.errors) expect(error.line).toBeGreaterThanOrEqual(1);
    }
  });
});
