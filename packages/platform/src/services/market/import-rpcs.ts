import { DemandItemSchema, RongtongError, SupplyItemSchema, type DemandItem, type SupplyItem } from '@rongtong/core';
import type { ImportRowError, MarketServiceHandlers } from '@rongtong/protocol';
import { newId } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import { DEMAND_COLUMNS, SUPPLY_COLUMNS, parseDemandList, parseSupplyList, type ImportFileFormat, type ImportResult } from '../../market/import/index.js';
import { listHeaders } from '../../market/list-headers.js';
import type { DemandItemRecord, SupplyItemRecord } from '../../store/market-records.js';
import type { NewFeedEvent } from '../../store/records.js';
import { DEMAND_MATCHING_FIELDS } from '../convert/demand-item.js';
import { SUPPLY_MATCHING_FIELDS } from '../convert/supply-item.js';
import { invalidField } from '../validate.js';
import { anyFieldChanged } from './item-update.js';
import { changed, demandEvent, expireProposedMatches, newEtag, ownerOf, supplyEvent, writeAccess } from './market-common.js';

/**
 * ImportDemandItems / ImportSupplyItems. Every good row is imported and every problem is
 * returned (issue #7: "a malformed list reports each bad row by line and column and
 * imports every good row"): rows the parser rejects, and a row repeating an external id
 * of an earlier row of the file (the later one is rejected). A row whose external id the
 * enterprise already has updates that item (id, creation time and committed quantity are
 * kept; a file without a status column keeps the item's status); changing a matching field
 * expires the item's PROPOSED matches. The good rows are saved in one transaction.
 * dry_run stores nothing and returns the count of rows that would be imported.
 */

type ImportRpcs = Pick<MarketServiceHandlers, 'ImportDemandItems' | 'ImportSupplyItems'>;

/** The parser's format of a request's `format`; UNSPECIFIED (or unknown) is INVALID_ARGUMENT naming `format`. */
export function importFormat(format: string | number): ImportFileFormat {
  if (format === 'IMPORT_FORMAT_CSV' || format === 1) return 'csv';
  if (format === 'IMPORT_FORMAT_XLSX' || format === 2) return 'xlsx';
  throw invalidField('format', 'required: IMPORT_FORMAT_CSV or IMPORT_FORMAT_XLSX');
}

type Stored = (DemandItemRecord | SupplyItemRecord) & { externalId?: string };

interface Kind<T extends DemandItem | SupplyItem, R extends Stored> {
  parse(bytes: Uint8Array, format: ImportFileFormat): Promise<ImportResult<T>>;
  columns: typeof DEMAND_COLUMNS;
  find(tenantId: string, ownerId: string, externalId: string): Promise<R | undefined>;
  /** The record of a row: new (existing undefined) or an update of `existing`. */
  record(item: T, tenantId: string, ownerId: string, existing: R | undefined, keepStatus: boolean, now: number): R;
  save(records: R[], events: NewFeedEvent[], etags: string[]): Promise<R[]>;
  event(record: R, now: number): NewFeedEvent;
  matchingFields: readonly string[];
  expire(tenantId: string, id: string): Promise<unknown>;
}

interface Outcome {
  importedCount: number;
  ids: string[];
  errors: ImportRowError[];
}

async function runImport<T extends DemandItem | SupplyItem, R extends Stored>(
  ctx: PlatformContext,
  kind: Kind<T, R>,
  tenantId: string,
  ownerId: string,
  content: Buffer,
  format: ImportFileFormat,
  dryRun: boolean,
): Promise<Outcome> {
  const bytes = new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  if (format === 'csv' && bytes.includes(0)) {
    throw new RongtongError('MALFORMED_PAYLOAD', 'content is not a CSV text file (it holds NUL bytes)', { fieldViolations: [{ path: 'content', reason: 'not CSV text' }] });
  }
  const parsed = await kind.parse(bytes, format);
  const headers = await listHeaders(bytes, { format }, kind.columns);
  const rowErrors = parsed.errors.map((e) => ({ line: e.line, column: e.header, reason: e.column === '' ? e.reason : `${e.reason} (column ${e.column})` }));
  const seen = new Map<string, number>();
  const good: Array<{ line: number; item: T }> = [];
  for (const row of parsed.items) {
    const externalId = row.item.externalId;
    const earlier = externalId === undefined ? undefined : seen.get(externalId);
    if (externalId !== undefined && earlier !== undefined) {
      rowErrors.push({ line: row.line, column: headers.get('externalId') ?? '', reason: `external id ${JSON.stringify(externalId)} repeats line ${earlier}` });
      continue;
    }
    if (externalId !== undefined) seen.set(externalId, row.line);
    good.push(row);
  }
  const errors = rowErrors.map((e, i) => ({ e, i })).sort((a, b) => a.e.line - b.e.line || a.i - b.i).map(({ e }) => e);
  if (dryRun || good.length === 0) return { importedCount: good.length, ids: [], errors };
  const now = ctx.now();
  const keepStatus = !headers.has('status');
  const existing = await Promise.all(good.map((row) => (row.item.externalId === undefined ? Promise.resolve(undefined) : kind.find(tenantId, ownerId, row.item.externalId))));
  const records = good.map((row, i) => kind.record(row.item, tenantId, ownerId, existing[i], keepStatus, now));
  const saved = await kind.save(records, records.map((r) => kind.event(r, now)), existing.map((e) => e?.etag ?? ''));
  for (const [i, record] of records.entries()) {
    const before = existing[i];
    if (before !== undefined && anyFieldChanged(before, record, kind.matchingFields)) await kind.expire(tenantId, record.id);
  }
  await changed(ctx);
  return { importedCount: saved.length, ids: saved.map((r) => r.id), errors };
}

/** MarketService's list import RPCs (see the module comment). */
export function createImportRpcs(ctx: PlatformContext): ImportRpcs {
  const demand: Kind<DemandItem, DemandItemRecord> = {
    parse: (bytes, format) => parseDemandList(bytes, { format }),
    columns: DEMAND_COLUMNS,
    find: (t, o, x) => ctx.store.findDemandItemByExternalId(t, o, x),
    record(item, tenantId, buyer, existing, keepStatus, now) {
      const committed = existing?.committedQuantity;
      const merged = DemandItemSchema.parse({
        ...item,
        status: existing && keepStatus ? existing.status : item.status,
        committedQuantity: committed && committed.unit === item.quantity.unit ? committed : { value: 0, unit: item.quantity.unit },
      });
      return { ...merged, id: existing?.id ?? newId('dem'), tenantId, buyerEnterpriseId: buyer, createTime: existing?.createTime ?? now, updateTime: now, etag: newEtag() };
    },
    save: (records, events, etags) => ctx.store.saveDemandItems(records, events, etags),
    event: demandEvent,
    matchingFields: DEMAND_MATCHING_FIELDS,
    expire: (tenantId, id) => expireProposedMatches(ctx, tenantId, { demandItemId: id }),
  };
  const supply: Kind<SupplyItem, SupplyItemRecord> = {
    parse: (bytes, format) => parseSupplyList(bytes, { format }),
    columns: SUPPLY_COLUMNS,
    find: (t, o, x) => ctx.store.findSupplyItemByExternalId(t, o, x),
    record(item, tenantId, supplier, existing, keepStatus, now) {
      const merged = SupplyItemSchema.parse({ ...item, status: existing && keepStatus ? existing.status : item.status });
      return { ...merged, id: existing?.id ?? newId('sup'), tenantId, supplierEnterpriseId: supplier, createTime: existing?.createTime ?? now, updateTime: now, etag: newEtag() };
    },
    save: (records, events, etags) => ctx.store.saveSupplyItems(records, events, etags),
    event: supplyEvent,
    matchingFields: SUPPLY_MATCHING_FIELDS,
    expire: (tenantId, id) => expireProposedMatches(ctx, tenantId, { supplyItemId: id }),
  };

  return {
    ImportDemandItems: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const format = importFormat(request.format);
      const buyer = await ownerOf(ctx, principal, tenantId, request.buyerEnterpriseId, 'buyer_enterprise_id');
      const out = await runImport(ctx, demand, tenantId, buyer, request.content, format, request.dryRun);
      return { importedCount: out.importedCount, demandItemIds: out.ids, errors: out.errors };
    }),
    ImportSupplyItems: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const tenantId = writeAccess(ctx, principal);
      const format = importFormat(request.format);
      const supplier = await ownerOf(ctx, principal, tenantId, request.supplierEnterpriseId, 'supplier_enterprise_id');
      const out = await runImport(ctx, supply, tenantId, supplier, request.content, format, request.dryRun);
      return { importedCount: out.importedCount, supplyItemIds: out.ids, errors: out.errors };
    }),
  };
}
