import type { Designation, ItemStatus, PeriodGranularity } from '@rongtong/core';
import { isRegionCode, isRegionPrefix } from '@rongtong/core';
import { regionPrefixOfName } from './regions.js';
import type { CellValue } from './types.js';

/** Outcome of reading one cell: a value, or the reason it is unreadable. */
export type CellResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = <T>(reason: string): CellResult<T> => ({ ok: false, reason });

/** Full-width ASCII forms (Ｆ０ etc., U+FF01–U+FF5E) and the ideographic space to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** True when a cell holds nothing (null or blank text). */
export function isBlank(value: CellValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** Cell as trimmed text (numbers as written by `String`, dates as ISO 8601). */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value).trim();
}

/** A number: numeric cells, or text with thousands separators (`1,000`), full-width digits, optional sign. */
export function readNumber(value: CellValue): CellResult<number> {
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : bad('must be a finite number');
  const text = toHalfWidth(cellText(value)).replace(/\s/g, '');
  if (!/^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(text)) {
    return bad(`must be a number, e.g. 1200 or 1,200.5 (got ${JSON.stringify(cellText(value))})`);
  }
  return ok(Number(text.replace(/,/g, '')));
}

const DAY_MS = 86_400_000;

/** Wall-clock date/time fields in a zone `offsetMinutes` east of UTC → ms since the epoch. */
function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number): number | undefined {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return t - offsetMinutes * 60_000;
}

/**
 * A due date or time, ms since the epoch. Accepted: ISO 8601 (`2026-12-31`,
 * `2026-12-31T18:00`, with or without a zone), `2026/12/31` (optionally with `HH:mm`),
 * `2026年12月31日`, Excel serial day numbers and Date cells. A date without a time means
 * the end of that day (23:59:59.999); times without a zone are read at `offsetMinutes`.
 */
export function readDate(value: CellValue, offsetMinutes: number): CellResult<number> {
  if (value instanceof Date) {
    // exceljs gives the cell's wall-clock time as UTC fields (Excel dates have no zone).
    const t = value.getTime();
    if (Number.isNaN(t)) return bad('must be a valid date');
    const midnight = t % DAY_MS === 0;
    return ok(t - offsetMinutes * 60_000 + (midnight ? DAY_MS - 1 : 0));
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) return bad('must be a date; this number is not an Excel date serial');
    const t = Math.round((value - 25_569) * DAY_MS); // 25569 = serial of 1970-01-01 (1900 date system)
    return ok(t - offsetMinutes * 60_000 + (Number.isInteger(value) ? DAY_MS - 1 : 0));
  }
  const text = toHalfWidth(cellText(value));
  const example = 'e.g. 2026-12-31, 2026/12/31 or 2026-12-31T18:00+08:00';
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (zoned) {
    const t = Date.parse(text);
    return Number.isNaN(t) ? bad(`must be a valid date, ${example}`) : ok(t);
  }
  const m = /^(\d{4})(?:[-/.年])(\d{1,2})(?:[-/.月])(\d{1,2})日?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return bad(`must be a date, ${example} (got ${JSON.stringify(text)})`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hasTime = m[4] !== undefined;
  const t = hasTime
    ? wallClock(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6] ?? 0), 0, offsetMinutes)
    : wallClock(y, mo, d, 23, 59, 59, 999, offsetMinutes);
  return t === undefined ? bad(`${JSON.stringify(text)} is not a calendar date`) : ok(t);
}

/** A list cell split at `,` `，` `;` `；` `、` `|` or line breaks; blank entries dropped. */
export function readList(value: CellValue): string[] {
  return cellText(value)
    .split(/[,，;；、|\r\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A region as a GB/T 2260 prefix (2, 4 or 6 digits) or a known name (see regions.ts). */
export function readRegionPrefix(entry: string): CellResult<string> {
  const text = toHalfWidth(entry).trim();
  if (/^\d+$/.test(text)) {
    return isRegionPrefix(text) ? ok(text) : bad(`${JSON.stringify(text)} is not a GB/T 2260 code (2, 4 or 6 digits starting with a province code)`);
  }
  const prefix = regionPrefixOfName(text);
  return prefix === undefined ? bad(`unknown region ${JSON.stringify(text)}: write a GB/T 2260 code or a province / major city name`) : ok(prefix);
}

/** A region as a 6-digit GB/T 2260 code; names and shorter prefixes are padded with zeros (重庆 → 500000). */
export function readRegionCode(entry: string): CellResult<string> {
  const prefix = readRegionPrefix(entry);
  if (!prefix.ok) return prefix;
  const code = prefix.value.padEnd(6, '0');
  return isRegionCode(code) ? ok(code) : bad(`${JSON.stringify(entry)} is not a GB/T 2260 code`);
}

function lookup<T>(table: Readonly<Record<string, T>>, what: string, value: CellValue): CellResult<T> {
  const text = toHalfWidth(cellText(value)).replace(/["“”「」]/g, '').trim();
  const found = table[text] ?? table[text.toLowerCase()];
  if (found !== undefined) return ok(found);
  return bad(`unknown ${what} ${JSON.stringify(cellText(value))}; one of: ${[...new Set(Object.keys(table))].join(', ')}`);
}

const DESIGNATION_NAMES: Readonly<Record<string, Designation>> = {
  none: 'none', 无: 'none',
  innovative_sme: 'innovative_sme', 创新型中小企业: 'innovative_sme', 创新型: 'innovative_sme',
  specialized: 'specialized', 专精特新: 'specialized', 专精特新中小企业: 'specialized',
  little_giant: 'little_giant', 小巨人: 'little_giant', 专精特新小巨人: 'little_giant',
};

/** An SME designation by code or Chinese name (创新型中小企业, 专精特新, 小巨人). */
export const readDesignation = (value: CellValue): CellResult<Designation> => lookup(DESIGNATION_NAMES, 'designation', value);

const STATUS_NAMES: Readonly<Record<string, ItemStatus>> = {
  draft: 'draft', 草稿: 'draft', open: 'open', 发布: 'open', 已发布: 'open', 开放: 'open', closed: 'closed', 关闭: 'closed', 已关闭: 'closed',
};

/** An item status by code or Chinese name (草稿, 发布, 关闭). */
export const readStatus = (value: CellValue): CellResult<ItemStatus> => lookup(STATUS_NAMES, 'status', value);

const GRANULARITY_NAMES: Readonly<Record<string, PeriodGranularity>> = {
  hour: 'hour', h: 'hour', 时: 'hour', 小时: 'hour', shift: 'shift', 班: 'shift', 班次: 'shift',
  day: 'day', d: 'day', 日: 'day', 天: 'day', week: 'week', wk: 'week', 周: 'week', 星期: 'week',
};

/** A capacity period by code or Chinese name (小时, 班, 日/天, 周). */
export const readGranularity = (value: CellValue): CellResult<PeriodGranularity> => lookup(GRANULARITY_NAMES, 'period', value);

/** True when `text` names a capacity period. */
export const isGranularityName = (text: string): boolean => GRANULARITY_NAMES[text.trim().toLowerCase()] !== undefined;

const UNIT_NAMES: Readonly<Record<string, string>> = {
  件: '', 个: '', 台: '', 套: '', 只: '', 根: '', 片: '', pcs: '', piece: '', pieces: '',
  吨: 't', 千克: 'kg', 公斤: 'kg', 克: 'g', 米: 'm', 平方米: 'm2', 立方米: 'm3', 升: 'L', 小时: 'h',
};

/** A unit: Chinese counting words (件, 个, 台, 套 …) are pieces (""), 吨 → t, 千克 → kg …; anything else is taken as a UCUM code. */
export function readUnit(value: CellValue): string {
  const text = toHalfWidth(cellText(value));
  return UNIT_NAMES[text] ?? UNIT_NAMES[text.toLowerCase()] ?? text;
}

/** A duration in days (`15`, `15天`, `15 days`) → ms. */
export function readDays(value: CellValue): CellResult<number> {
  const text = toHalfWidth(cellText(value)).replace(/\s*(?:天|日|d|days?)$/i, '');
  const n = readNumber(typeof value === 'number' ? value : text);
  if (!n.ok || n.value < 0) return bad(`must be a number of days ≥ 0, e.g. 15 or 15天 (got ${JSON.stringify(cellText(value))})`);
  return ok(Math.round(n.value * DAY_MS));
}

/** A `name=value` list (`材质=HT250; 直径=320mm`; `=` `:` `：` separate, `;` `；` or line breaks split). */
export function readSpecList(value: CellValue): CellResult<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const part of cellText(value).split(/[;；\r\n]+/)) {
    if (part.trim() === '') continue;
    const m = /^([^=:：]+)[=:：](.*)$/.exec(part.trim());
    if (!m || m[1] === undefined || m[1].trim() === '') return bad(`must be name=value pairs separated by ";", e.g. "材质=HT250; 直径=320mm" (got ${JSON.stringify(part.trim())})`);
    out[m[1].trim()] = (m[2] ?? '').trim();
  }
  return ok(out);
}
