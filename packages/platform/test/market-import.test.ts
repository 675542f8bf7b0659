import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, unary } from './support/grpc-call.js';
import { createEnterpriseId, createMarketTenant, enterpriseMarketToken, startMarketTestServer, type MarketTenant, type MarketTestServer } from './support/market-fixtures.js';

const DEMAND_CSV = [
  '编号,品类,名称,数量,单位,交付日期,地区',
  'D-1,component.casting.brake-disc,制动盘毛坯,100,件,2030-12-31,重庆',
  'D-2,component.casting.brake-disc,,abc,件,2030-12-31,重庆',
  'D-3,component.casting,壳体铸件,"2,500",kg,2031/03/01,"50,51"',
  'D-1,component.casting,重复编号,10,件,2030-12-31,',
  'D-4,component.stamping,冲压支架,-5,件,2030-12-31,',
].join('\n');

async function supplyWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('供给清单');
  const rows: unknown[][] = [
    ['编号', '品类', '主要产品', '产能', '产能单位', '状态'],
    ['S-1', 'component.stamping', '汽车冲压支架', 14000, '件/周', '发布'],
    ['S-2', 'component.stamping', '坏产能', 'lots', '件/周', '发布'],
    ['S-3', 'component.machining', '数控车削加工', 800, '件/班', '草稿'],
  ];
  rows.forEach((row, r) => row.forEach((value, c) => (ws.getCell(r + 1, c + 1).value = value as ExcelJS.CellValue)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('MarketService imports', () => {
  let server: MarketTestServer;
  let t: MarketTenant;
  let buyer: string;
  let supplier: string;
  let buyerToken: string;

  beforeAll(async () => {
    server = await startMarketTestServer();
    t = await createMarketTenant(server, 'cq-import');
    buyer = await createEnterpriseId(server, t.adminSecret, 11);
    supplier = await createEnterpriseId(server, t.adminSecret, 12);
    buyerToken = await enterpriseMarketToken(server, t.tenantId, buyer);
  });
  afterAll(async () => {
    await server?.close();
  });

  const listDemand = async (): Promise<string[]> =>
    (await server.store.listDemandItems({ tenantId: t.tenantId, enterpriseId: buyer, category: '' }, { pageSize: 100, pageToken: '' })).items.map((i) => i.externalId ?? '');

  it('dry_run reports every error and the rows that would be imported, storing nothing', async () => {
    const out = await unary(server.clients.market, 'ImportDemandItems', { content: Buffer.from(DEMAND_CSV), format: 'IMPORT_FORMAT_CSV', dryRun: true }, buyerToken);
    expect(out.importedCount).toBe(2);
    expect(out.demandItemIds).toEqual([]);
    expect(out.errors.length).toBeGreaterThanOrEqual(3);
    expect(await listDemand()).toEqual([]);
  });

  it('imports every good CSV row and reports each bad row by line and column header', async () => {
    const out = await unary(server.clients.market, 'ImportDemandItems', { content: Buffer.from(DEMAND_CSV), format: 'IMPORT_FORMAT_CSV' }, buyerToken);
    expect(out.importedCount).toBe(2);
    expect(out.demandItemIds).toHaveLength(2);
    const lines = out.errors.map((e) => e.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(out.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ line: 3, column: '名称' }),
      expect.objectContaining({ line: 3, column: '数量' }),
      expect.objectContaining({ line: 5, column: '编号', reason: expect.stringContaining('repeats line 2') as string }),
      expect.objectContaining({ line: 6, column: '数量' }),
    ]));
    expect((await listDemand()).sort()).toEqual(['D-1', 'D-3']);
    const first = await server.store.getDemandItem(t.tenantId, out.demandItemIds[0]!);
    expect(first?.name).toBe('制动盘毛坯');

    // Re-importing a known external id updates that item instead of duplicating it.
    const again = await unary(server.clients.market, 'ImportDemandItems',
      { content: Buffer.from('编号,品类,名称,数量\nD-1,component.casting.brake-disc,制动盘毛坯 改,300\n'), format: 'IMPORT_FORMAT_CSV' }, buyerToken);
    expect(again.demandItemIds).toEqual([out.demandItemIds[0]]);
    expect((await server.store.getDemandItem(t.tenantId, out.demandItemIds[0]!))?.quantity.value).toBe(300);
    expect((await listDemand()).length).toBe(2);
  });

  it('imports XLSX supply lists with bad rows for the named supplier (tenant-wide token)', async () => {
    const out = await unary(server.clients.market, 'ImportSupplyItems',
      { supplierEnterpriseId: supplier, content: await supplyWorkbook(), format: 'IMPORT_FORMAT_XLSX' }, t.marketSecret);
    expect(out.importedCount).toBe(2);
    expect(out.errors).toEqual([expect.objectContaining({ line: 3, column: '产能', reason: expect.stringContaining('column D') as string })]);
    const items = await Promise.all(out.supplyItemIds.map((id) => server.store.getSupplyItem(t.tenantId, id)));
    expect(items.map((i) => [i?.externalId, i?.status, i?.supplierEnterpriseId])).toEqual([['S-1', 'open', supplier], ['S-3', 'draft', supplier]]);
  });

  it('rejects an unspecified format, unreadable files and a missing supplier', async () => {
    const unspecified = await failureOf(unary(server.clients.market, 'ImportDemandItems', { content: Buffer.from(DEMAND_CSV) }, buyerToken));
    expect(unspecified.fields).toEqual(['format']);
    const notXlsx = await failureOf(unary(server.clients.market, 'ImportSupplyItems', { supplierEnterpriseId: supplier, content: Buffer.from('a,b'), format: 'IMPORT_FORMAT_XLSX' }, t.marketSecret));
    expect(notXlsx.code).toBe('MALFORMED_PAYLOAD');
    const binary = await failureOf(unary(server.clients.market, 'ImportDemandItems', { content: await supplyWorkbook(), format: 'IMPORT_FORMAT_CSV' }, buyerToken));
    expect(binary.code).toBe('MALFORMED_PAYLOAD');
    const noSupplier = await failureOf(unary(server.clients.market, 'ImportSupplyItems', { content: await supplyWorkbook(), format: 'IMPORT_FORMAT_XLSX' }, t.marketSecret));
    expect(noSupplier.fields).toEqual(['supplier_enterprise_id']);
  });
});
