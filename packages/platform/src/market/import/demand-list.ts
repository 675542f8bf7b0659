import { DemandItemSchema, type DemandItem } from '@rongtong/core';
import { readDate, readDesignation, readNumber, readRegionPrefix, readUnit } from './cells.js';
import { category, certificationProblem, defined, list, requireCell, spec, status, text } from './common-fields.js';
import { readTable, resolveLimits } from './read-table.js';
import { importTable, type ColumnSpec, type ListKind, type RowReader } from './table-rows.js';
import type { ImportOptions, ImportResult } from './types.js';

/**
 * Columns of a demand list (大企业产品需求清单); headers in Chinese or English, any case,
 * `_`/`-`/spaces and a trailing `(…)` note ignored. Required columns: 品类, 名称, 数量.
 *
 * | field | headers | cell |
 * |---|---|---|
 * | externalId | 编号, 物料编号, 外部编号, external id | text |
 * | category * | 品类, 类别, 分类, category | taxonomy code or a name from `categoryAliases` |
 * | name * | 名称, 产品名称, 需求名称, name | text |
 * | description | 描述, 说明, description | text |
 * | spec | 规格, 规格参数, spec | `材质=HT250; 直径=320mm`; plus `规格:材质` / `spec.material` columns |
 * | quantity * | 数量, 需求数量, quantity | positive number (`1,000`, full-width digits) |
 * | unit | 单位, unit | 件/个/台/套 = pieces, 吨 = t, 千克 = kg, else UCUM code; empty = pieces |
 * | delivery | 交付日期, 交期, 需求日期, due date | date (end of day, Asia/Shanghai) or date-time |
 * | regionCodes | 地区, 区域, 偏好地区, region(s) | GB/T 2260 prefixes or names, list |
 * | requiredCertifications | 资质认证, 认证要求, 认证, certifications | codes, list |
 * | minimumDesignation | 最低资质, 资质等级, minimum designation | none / 创新型中小企业 / 专精特新 / 小巨人 |
 * | status | 状态, status | 草稿 / 发布 / 关闭 (draft / open / closed) |
 */
export const DEMAND_COLUMNS: readonly ColumnSpec[] = [
  { field: 'externalId', names: ['编号', '物料编号', '外部编号', '清单编号', 'external id', 'externalId', 'id'] },
  { field: 'category', names: ['品类', '类别', '分类', '产品类别', 'category'], required: true },
  { field: 'name', names: ['名称', '产品名称', '需求名称', '需求产品', 'name'], required: true },
  { field: 'description', names: ['描述', '说明', '需求描述', 'description'] },
  { field: 'spec', names: ['规格', '规格参数', '规格型号', 'spec', 'specification'] },
  { field: 'quantity', names: ['数量', '需求数量', 'quantity', 'qty'], required: true },
  { field: 'unit', names: ['单位', '计量单位', 'unit'] },
  { field: 'delivery', names: ['交付日期', '交期', '需求日期', '交货日期', 'due date', 'due', 'delivery'] },
  { field: 'regionCodes', names: ['地区', '区域', '偏好地区', '地区要求', 'region', 'regions', 'region codes'] },
  { field: 'requiredCertifications', names: ['资质认证', '认证要求', '认证', '资质要求', 'certifications', 'required certifications'] },
  { field: 'minimumDesignation', names: ['最低资质', '资质等级', '企业资质', 'minimum designation', 'designation'] },
  { field: 'status', names: ['状态', 'status'] },
];

function demandKind(options: ImportOptions): ListKind<DemandItem> {
  const offset = options.utcOffsetMinutes ?? 480;
  const aliases = options.categoryAliases ?? {};
  return {
    columns: DEMAND_COLUMNS,
    schema: DemandItemSchema,
    build(reader: RowReader) {
      const cat = category(reader, aliases);
      requireCell(reader, 'category', cat);
      const name = text(reader, 'name');
      requireCell(reader, 'name', name);
      const quantityCell = reader.cell('quantity');
      let value: number | undefined;
      if (quantityCell !== undefined) {
        const n = readNumber(quantityCell);
        if (n.ok) value = n.value;
        else reader.fail('quantity', n.reason);
      }
      requireCell(reader, 'quantity', value);
      const unitCell = reader.cell('unit');
      const dueCell = reader.cell('delivery');
      let delivery: { kind: 'due_time'; dueTime: number } | undefined;
      if (dueCell !== undefined) {
        const due = readDate(dueCell, offset);
        if (due.ok) delivery = { kind: 'due_time', dueTime: due.value };
        else reader.fail('delivery', due.reason);
      }
      const regionCodes = list(reader, 'regionCodes', (entry) => {
        const r = readRegionPrefix(entry);
        return r.ok ? undefined : r.reason;
      }).map((entry) => {
        const r = readRegionPrefix(entry);
        return r.ok ? r.value : entry;
      });
      const designationCell = reader.cell('minimumDesignation');
      let minimumDesignation: string | undefined;
      if (designationCell !== undefined) {
        const d = readDesignation(designationCell);
        if (d.ok) minimumDesignation = d.value;
        else reader.fail('minimumDesignation', d.reason);
      }
      return defined({
        externalId: text(reader, 'externalId'),
        category: cat,
        name,
        description: text(reader, 'description'),
        spec: spec(reader),
        quantity: value === undefined ? undefined : { value, unit: unitCell === undefined ? '' : readUnit(unitCell) },
        delivery,
        regionCodes,
        requiredCertifications: list(reader, 'requiredCertifications', certificationProblem),
        minimumDesignation,
        status: status(reader),
      });
    },
    fieldOfPath(path) {
      const [head, second] = path;
      if (head === 'quantity') return second === 'unit' ? 'unit' : 'quantity';
      if (head === 'spec' && typeof second === 'string') return `spec.${second}`;
      return typeof head === 'string' ? head : '';
    },
  };
}

/**
 * Parses a demand list (大企业产品需求清单) from CSV or XLSX bytes: every good row becomes
 * a validated {@link DemandItem} with its line, every bad row is reported with each bad
 * cell (line, column, header, field, reason). See {@link DEMAND_COLUMNS} and
 * docs/market-import.md. Throws `INVALID_ARGUMENT` when the file exceeds `maxBytes` and
 * `MALFORMED_PAYLOAD` when an XLSX file cannot be read.
 */
export async function parseDemandList(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult<DemandItem>> {
  const limits = resolveLimits(options);
  const table = await readTable(bytes, options, limits);
  return importTable(table, demandKind(options), limits);
}
