import { RongtongError } from '@rongtong/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnLetter, parseDemandList, parseSupplyList } from './index.js';

const ALIASES = { 制动盘: 'component.casting.brake-disc', 铸件: 'component.casting' };
const endOfDay = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d, 23, 59, 59, 999) - 8 * 3_600_000;

/** Writes a one-sheet workbook (plus an earlier sheet when `first` is given) with rows placed by column number. */
async function workbook(rows: ReadonlyArray<Readonly<Record<number, ExcelJS.CellValue>>>, sheet = '供给清单', first?: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  if (first !== undefined) book.addWorksheet(first).getCell('A1').value = '说明';
  const ws = book.addWorksheet(sheet);
  rows.forEach((row, r) => {
    for (const [column, value] of Object.entries(row)) ws.getCell(r + 1, Number(column)).value = value;
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('columnLetter', () => {
  it('numbers columns like Excel', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('parseDemandList (XLSX)', () => {
  it('reads Date cells, Excel serial dates, numeric cells and English headers', async () => {
    const serial = Date.UTC(2026, 11, 31) / 86_400_000 + 25_569;
    const bytes = await workbook([
      { 1: 'Category', 2: 'Name', 3: 'Quantity', 4: 'Unit', 5: 'Due Date', 6: 'Regions', 7: 'spec.material', 8: 'External ID' },
      { 1: '制动盘', 2: '制动盘毛坯', 3: 1200, 4: '件', 5: new Date(Date.UTC(2026, 9, 1)), 6: '重庆', 7: 'HT250', 8: 1001 },
      {},
      { 1: '铸件', 2: '壳体', 3: '3,000', 4: '吨', 5: serial, 6: '50;5101' },
      { 1: 'component.casting', 2: '法兰', 3: 5, 5: new Date(Date.UTC(2026, 9, 1, 14, 30)) },
    ], 'Demand');
    const result = await parseDemandList(bytes, { format: 'xlsx', categoryAliases: ALIASES });
    expect(result.errors).toEqual([]);
    expect(result.items.map((i) => i.line)).toEqual([2, 4, 5]);
    expect(result.items.map((i) => i.item)).toEqual([
      expect.objectContaining({ externalId: '1001', category: 'component.casting.brake-disc', spec: { material: 'HT250' }, quantity: { value: 1200, unit: '' }, delivery: { kind: 'due_time', dueTime: endOfDay(2026, 10, 1) }, regionCodes: ['50'] }),
      expect.objectContaining({ category: 'component.casting', quantity: { value: 3000, unit: 't' }, delivery: { kind: 'due_time', dueTime: endOfDay(2026, 12, 31) }, regionCodes: ['50', '5101'] }),
      expect.objectContaining({ quantity: { value: 5, unit: '' }, delivery: { kind: 'due_time', dueTime: Date.UTC(2026, 9, 1, 6, 30) } }),
    ]);
  });

  it('rejects bytes that are not a workbook with MALFORMED_PAYLOAD', async () => {
    await expect(parseDemandList(new TextEncoder().encode('category,name\n'), { format: 'xlsx' })).rejects.toSatisfy(
      (e: unknown) => e instanceof RongtongError && e.code === 'MALFORMED_PAYLOAD',
    );
  });
});

describe('parseSupplyList (XLSX)', () => {
  const header = { 1: '品类', 2: '主要产品', 3: '产能', 4: '产能单位', 5: '周期', 6: '地区', 7: '资质认证', 28: '意向客户' };

  it('reads a named sheet, reports each bad cell with its column letter and imports the good rows', async () => {
    const bytes = await workbook([
      header,
      { 1: '制动盘', 2: '汽车制动盘', 3: 20000, 4: '件', 5: '周', 6: '渝北区', 7: 'IATF16949', 28: '长安汽车、赛力斯' },
      { 1: '制动盘', 2: '轮毂', 3: -10, 4: '件', 5: '月', 6: '火星', 7: 'ISO 9001', 28: 'x'.repeat(50) },
      { 1: '铸件', 2: '壳体铸件', 3: '１，５００', 4: '件', 5: '日', 6: '500000' },
      { 1: 'bad category!', 3: 'many', 5: '天' },
      { 1: '铸件', 2: '法兰', 3: 100, 4: 'kg', 5: '班', 6: 999999 },
    ], '供给清单', '封面');
    const result = await parseSupplyList(bytes, { format: 'xlsx', sheet: '供给清单', categoryAliases: ALIASES, limits: { maxCellLength: 40 } });
    expect(result.items.map((i) => [i.line, i.item.mainProduct])).toEqual([[2, '汽车制动盘'], [4, '壳体铸件']]);
    expect(result.items[0]?.item).toMatchObject({
      declaredCapacity: { quantity: { value: 20000, unit: '' }, granularity: 'week' },
      regionCode: '500112',
      intendedCustomers: ['长安汽车', '赛力斯'],
    });
    expect(result.items[1]?.item.declaredCapacity).toEqual({ quantity: { value: 1500, unit: '' }, granularity: 'day' });
    expect(result.errors.map((e) => [e.line, e.column, e.field])).toEqual([
      [3, 'C', 'declaredCapacity'],
      [3, 'E', 'capacityPeriod'],
      [3, 'F', 'regionCode'],
      [3, 'G', 'certifications'],
      [3, 'AB', 'intendedCustomers'],
      [5, 'A', 'category'],
      [5, 'B', 'mainProduct'],
      [5, 'C', 'declaredCapacity'],
      [6, 'F', 'regionCode'],
    ]);
    expect(result.errors.find((e) => e.column === 'AB')?.reason).toMatch(/50 characters long, at most 40 allowed/);
    expect(result.errors.find((e) => e.line === 3 && e.column === 'C')?.reason).toMatch(/negative/);
  });

  it('reports missing required columns in one error on the header row', async () => {
    const bytes = await workbook([{ 1: '产能', 2: '周期' }, { 1: 10, 2: '周' }]);
    const result = await parseSupplyList(bytes, { format: 'xlsx' });
    expect(result.items).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.reason).toMatch(/missing required columns: category .*mainProduct/);
  });
});
