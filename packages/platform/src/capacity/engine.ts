import type { PlatformContext } from '../context.js';
import type { DirtyMark } from '../store/capacity-records.js';
import { refreshEnterpriseFuture } from './forecast.js';
import { parseCapacityOptions, stateMappingOf, type CapacityOptions } from './options.js';
import { listAll } from './persist.js';
import { recomputeEnterprise, type DirtySpan, type RecomputeDeps } from './recompute.js';

/** The platform's KPI and capacity computation (see {@link createCapacityEngine}). */
export interface CapacityEngine {
  /** Begins: processes dirty marks shortly after each committed batch (debounced) and refreshes future records periodically. */
  start(): void;
  /** Processes all dirty marks now, and the future refresh they trigger; resolves when stored (rejects with the first failure, after processing the rest). */
  flush(): Promise<void>;
  /** Recomputes the future records of one enterprise now (after a commitment changed). */
  refreshFuture(tenantId: string, enterpriseId: string): Promise<void>;
  /** Stops timers and waits for running work; nothing keeps the process alive. Idempotent. */
  stop(): Promise<void>;
}

/** Dirty marks read per round. */
const MARKS_PER_ROUND = 1000;

/**
 * The capacity engine: turns stored facts (state intervals and production counts of
 * committed batches) into ISO 22400-2 KPIs and ISA-95 capacity records, and keeps future
 * capacity records up to date with commitments. Every number comes from `@rongtong/core`.
 * docs/capacity.md describes the same choices for readers of the API.
 *
 * **KPIs** — for each dirty mark (equipment whose facts changed, and their span), every
 * hour, shift (from the equipment's calendar), day and week overlapping the span, local
 * time at `utcOffsetMinutes`:
 * - facts of the equipment overlapping the period → core's `periodKpis`; a period without
 *   any fact gets no KPI. Intervals keep the agent's bucket (`stateMapping: 'as-booked'`) or
 *   are remapped from their raw state with the chosen table (no mode is carried, so only
 *   state rows apply).
 * - POT = the period's length (as the agent); PBT = the calendar's planned busy time when a
 *   calendar is known (`Equipment.shiftCalendarId`, else `enterpriseCalendars`), else
 *   period − PDOT. Fractions are capped at 1 (availability exceeds 1 when production runs
 *   outside the calendar's shifts).
 * - PRU = the equipment's default ideal unit time (the entry without product), as the
 *   agent. Quantities: counts pro-rated by overlap, in the unit of the first count (counts
 *   in other units are left out). No count in the period but counts before and after it:
 *   the counter was silent, quantities 0 with their ratios (as the agent; past records
 *   then take USED = 0, `uncertain` when APT > 0). Otherwise without a count quantities are
 *   0 and every ratio needing them is unset. Data coverage = 1 − unknown / PBT.
 * - Level `equipment`, no agent id (the platform computed it), no product (all products),
 *   computeTime = now. Then the enterprise KPI of each touched period: time elements and
 *   quantities summed over the enterprise's equipment KPIs of exactly that period, ratios
 *   recomputed (`enterprisePeriodKpi`).
 * - Only KPIs whose values changed (compute time ignored) are stored, one KPI event each.
 *
 * **Past capacity records** — for ended periods (end ≤ now) with both state and count facts
 * and a capacity basis (default PRU, else rated capacity in the count's unit): TOTAL, USED,
 * UNUSED from core's `pastPeriodCapacity` with the period's time elements (PBT = period −
 * booked PDOT: production outside the shifts is capacity that was there), counter quality =
 * the worst count quality, unexpected resets = the counts' resets unless every counter
 * signal is declared `resetsOnJob`. Evidence: per agent the min…max seq of the facts used,
 * with the digests of those batches. Rolled up per capability and per enterprise (scope
 * level `enterprise`) over the equipment with a USED record in the period, records of the
 * most common unit only.
 *
 * **Periodic tick** — every `futureRefreshMs` the periods of every declared equipment that
 * overlap the last tick are recomputed too, so a period whose last facts arrived before its
 * end still gets its past records once it ends (a period that ended while the platform was
 * down longer than a tick gets them with its next fact).
 *
 * **Future capacity records** — after dirty marks of an enterprise were processed, on
 * `refreshFuture`, and every `futureRefreshMs` for every enterprise: see
 * `futureEquipmentRecords` (DAY and WEEK periods from the current one over
 * `futureHorizonDays`; history = OEE of the last `oeeHistoryPeriods` completed DAY KPIs
 * with PBT > 0; 24/7 without a calendar; ACTIVE commitments as supplier split between
 * eligible equipment by attainable capacity). The current period is computed over its
 * whole length.
 *
 * **Ended periods** — TOTAL = COMMITTED + AVAILABLE + UNATTAINABLE holds for every record
 * group, and TOTAL = USED + UNUSED for ended ones: with the past records of an ended period
 * (any granularity), `pastSplitRecords` splits each measured TOTAL over all the period's
 * measured equipment, replacing the forecast's split: COMMITTED = the not-cancelled
 * commitments' quantity in the period (pro-rated by overlap, shared between eligible
 * equipment by USED; capped at TOTAL, the derivation says by how much more was committed),
 * AVAILABLE = 0 (an ended period can no longer be promised), UNATTAINABLE = TOTAL −
 * COMMITTED; confidence TOTAL's; evidence none for COMMITTED, TOTAL's for the others.
 * Rolled up with TOTAL, USED and UNUSED, so every roll-up keeps both identities. An ended
 * period without measured records keeps its last forecast records.
 *
 * Records whose content did not change are not stored again, so the feed carries changes
 * only. Work runs one task at a time. A dirty mark whose processing fails is logged and
 * cleared (it would otherwise block every later mark); the next facts of that equipment
 * recompute its periods.
 *
 * @throws RongtongError INVALID_CONFIG naming the field when `options` are invalid.
 */
export function createCapacityEngine(ctx: PlatformContext, options: CapacityOptions = {}): CapacityEngine {
  const resolved = parseCapacityOptions(options);
  const deps: RecomputeDeps = { ctx, options: resolved, mapping: stateMappingOf(resolved.stateMapping) };
  const logger = ctx.logger.child({ component: 'capacity' });
  let chain: Promise<unknown> = Promise.resolve();
  let debounce: NodeJS.Timeout | undefined;
  let refresher: NodeJS.Timeout | undefined;
  let started = false;

  /** Runs tasks one at a time, in call order. */
  const run = <T>(task: () => Promise<T>): Promise<T> => {
    const result = chain.then(task);
    chain = result.catch(() => undefined);
    return result;
  };

  const processMarks = async (): Promise<void> => {
    let firstError: unknown;
    for (;;) {
      const marks = await ctx.store.takeDirtyMarks(MARKS_PER_ROUND);
      if (marks.length === 0) break;
      const groups = new Map<string, { tenantId: string; enterpriseId: string; spans: Map<string, DirtySpan>; marks: DirtyMark[] }>();
      for (const m of marks) {
        const key = JSON.stringify([m.tenantId, m.enterpriseId]);
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = { tenantId: m.tenantId, enterpriseId: m.enterpriseId, spans: new Map(), marks: [] }));
        g.marks.push(m);
        const s = g.spans.get(m.equipmentId);
        if (s === undefined) g.spans.set(m.equipmentId, { equipmentId: m.equipmentId, from: m.from, to: m.to });
        else g.spans.set(m.equipmentId, { equipmentId: m.equipmentId, from: Math.min(s.from, m.from), to: Math.max(s.to, m.to) });
      }
      for (const g of groups.values()) {
        try {
          await recomputeEnterprise(deps, g.tenantId, g.enterpriseId, [...g.spans.values()]);
          await refreshEnterpriseFuture(ctx, resolved, g.tenantId, g.enterpriseId);
        } catch (error) {
          firstError ??= error;
          logger.error({ err: error, tenantId: g.tenantId, enterpriseId: g.enterpriseId }, 'KPI and capacity recomputation failed; its dirty marks are cleared');
        }
        await ctx.store.clearDirtyMarks(g.marks);
      }
    }
    if (firstError !== undefined) throw firstError instanceof Error ? firstError : new Error('KPI and capacity recomputation failed', { cause: firstError });
  };

  const refreshAll = async (): Promise<void> => {
    const tenants = await listAll((page) => ctx.store.listTenants(page));
    for (const t of tenants) {
      for (const e of await listAll((page) => ctx.store.listEnterprises(t.id, page))) {
        try {
          // Periods that ended since the last tick get their past records even when no fact came after their end.
          const now = ctx.now();
          const equipment = await listAll((page) => ctx.store.listEquipment(t.id, e.id, page));
          const spans = equipment.map((q) => ({ equipmentId: q.id, from: now - resolved.futureRefreshMs - 1, to: now }));
          if (spans.length > 0) await recomputeEnterprise(deps, t.id, e.id, spans);
          await refreshEnterpriseFuture(ctx, resolved, t.id, e.id);
        } catch (error) {
          logger.error({ err: error, tenantId: t.id, enterpriseId: e.id }, 'periodic capacity refresh failed');
        }
      }
    }
  };

  const onBatch = (): void => {
    if (!started || debounce !== undefined) return;
    debounce = setTimeout(() => {
      debounce = undefined;
      run(processMarks).catch((err: unknown) => logger.error({ err }, 'processing dirty marks failed'));
    }, resolved.debounceMs);
    debounce.unref();
  };

  return {
    start() {
      if (started) return;
      started = true;
      ctx.events.on('batchCommitted', onBatch);
      refresher = setInterval(() => {
        run(refreshAll).catch((err: unknown) => logger.error({ err }, 'future capacity refresh failed'));
      }, resolved.futureRefreshMs);
      refresher.unref();
      onBatch(); // marks left from before a restart
    },
    flush: () => run(processMarks),
    refreshFuture: (tenantId, enterpriseId) => run(async () => void (await refreshEnterpriseFuture(ctx, resolved, tenantId, enterpriseId))),
    async stop() {
      started = false;
      ctx.events.off('batchCommitted', onBatch);
      if (debounce !== undefined) clearTimeout(debounce);
      if (refresher !== undefined) clearInterval(refresher);
      debounce = undefined;
      refresher = undefined;
      await chain;
    },
  };
}
