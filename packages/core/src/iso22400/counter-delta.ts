import type { DataQuality } from './data-quality.js';

/** One sample of a piece counter. */
export interface CounterPoint {
  /** Source timestamp, ms since the epoch. */
  readonly t: number;
  /** Counter reading. */
  readonly value: number;
  /** Sample quality; `bad` points are skipped, `uncertain` ones used but flagged. */
  readonly quality: DataQuality;
}

/** How a counter signal behaves (the `Signal`'s counter behaviour). */
export interface CounterBehaviour {
  /** Counters handled here only count up between resets and wraps. */
  readonly monotonic: true;
  /**
   * The counter restarts at each job (Euromap/Machine Tools job counters). The arithmetic is
   * the same — a decrease is a reset either way — but it tells confidence scoring that
   * resets are expected, not a loss of continuity.
   */
  readonly resetsOnJob?: boolean;
  /**
   * Modulus of a wrapping counter: values run `0 … wrapsAt − 1`, then start again at 0
   * (65536 for UInt16, 2**32 for UInt32). Readings outside `[0, wrapsAt)` are rejected.
   */
  readonly wrapsAt?: number;
  /**
   * How a decrease is told to be a wrap rather than a reset: it is a wrap when the wrapped
   * delta `wrapsAt − prev + value` is at most `wrapWindow × wrapsAt` (i.e. the previous
   * reading was near the top of the range and the new one near the bottom); otherwise it
   * is a reset. Default 0.1 (10 % of the range). Only used with `wrapsAt`.
   */
  readonly wrapWindow?: number;
}

/**
 * The state carried between chunks: plain JSON, so the agent can persist it and the
 * platform can resume from it. `last` is the baseline — the last accepted point.
 */
export interface CounterState {
  /** The last accepted point, or `undefined` before the first one. */
  readonly last?: { readonly t: number; readonly value: number };
}

/** Why a point was not used. */
export type CounterIgnoreReason = 'non-finite' | 'out-of-range' | 'bad-quality' | 'out-of-order';

/** What one point contributed. */
export interface CounterPointDelta {
  /** The point's timestamp. */
  readonly t: number;
  /** Units counted at this point (≥ 0); 0 for a baseline or an ignored point. */
  readonly delta: number;
  /**
   * `baseline` (first accepted point, no delta), `count` (increase or no change),
   * `reset` (decrease: delta = the new value), `wrap` (delta = wrapsAt − prev + value),
   * or `ignored` (see `reason`).
   */
  readonly kind: 'baseline' | 'count' | 'reset' | 'wrap' | 'ignored';
  /** Set when `kind === 'ignored'`. */
  readonly reason?: CounterIgnoreReason;
  /** True when an `uncertain` point was used. */
  readonly uncertain: boolean;
}

/** Result of feeding points through the counter logic. */
export interface CounterDeltaResult {
  /** Sum of `points[i].delta`. */
  readonly total: number;
  /** One entry per input point, in input order. */
  readonly points: readonly CounterPointDelta[];
  /** Decreases taken as resets. */
  readonly resets: number;
  /** Decreases taken as wraps. */
  readonly wraps: number;
  /** Uncertain points that were used. */
  readonly uncertain: number;
  /** Ignored points by reason. */
  readonly ignored: Readonly<Record<CounterIgnoreReason, number>>;
  /** State after the last point; pass it to the next chunk. */
  readonly state: CounterState;
}

/** The state before any point was seen. */
export function initialCounterState(): CounterState {
  return {};
}

function wrapWindowOf(behaviour: CounterBehaviour): number {
  const { wrapsAt, wrapWindow = 0.1 } = behaviour;
  if (wrapsAt !== undefined && !(Number.isFinite(wrapsAt) && wrapsAt > 0)) {
    throw new RangeError(`wrapsAt must be a finite number > 0, got ${wrapsAt}`);
  }
  if (!(Number.isFinite(wrapWindow) && wrapWindow > 0 && wrapWindow < 1)) {
    throw new RangeError(`wrapWindow must be in (0, 1), got ${wrapWindow}`);
  }
  return wrapWindow;
}

function classify(state: CounterState, point: CounterPoint, behaviour: CounterBehaviour): CounterIgnoreReason | undefined {
  if (!Number.isFinite(point.t) || !Number.isFinite(point.value)) return 'non-finite';
  if (point.value < 0 || (behaviour.wrapsAt !== undefined && point.value >= behaviour.wrapsAt)) return 'out-of-range';
  if (point.quality === 'bad') return 'bad-quality';
  if (state.last !== undefined && point.t <= state.last.t) return 'out-of-order';
  return undefined;
}

/**
 * Feeds one point: the incremental (streaming) form. Pure; returns the new state and what
 * the point contributed. Checks, in order: non-finite `t` or `value` → ignored
 * (`non-finite`); a negative value, or one ≥ `wrapsAt` → `out-of-range`; `bad` quality →
 * `bad-quality`; `t <= last accepted t` → `out-of-order`. Ignored points never move the
 * baseline. Then: no baseline yet → `baseline` (delta 0); value ≥ previous → `count`
 * (delta = value − prev); value < previous → `wrap` (delta = wrapsAt − prev + value) when
 * it fits the wrap window (see {@link CounterBehaviour.wrapWindow}), else `reset`
 * (delta = value, the counter is assumed to restart from 0).
 *
 * @throws RangeError on an invalid `wrapsAt` or `wrapWindow`.
 */
export function stepCounter(
  state: CounterState,
  point: CounterPoint,
  behaviour: CounterBehaviour,
): { readonly state: CounterState; readonly delta: CounterPointDelta } {
  const window = wrapWindowOf(behaviour);
  return step(state, point, behaviour, window);
}

function step(
  state: CounterState,
  point: CounterPoint,
  behaviour: CounterBehaviour,
  window: number,
): { readonly state: CounterState; readonly delta: CounterPointDelta } {
  const { t, value } = point;
  const reason = classify(state, point, behaviour);
  if (reason !== undefined) return { state, delta: { t, delta: 0, kind: 'ignored', reason, uncertain: false } };
  const uncertain = point.quality === 'uncertain';
  const next: CounterState = { last: { t, value } };
  const prev = state.last;
  if (prev === undefined) return { state: next, delta: { t, delta: 0, kind: 'baseline', uncertain } };
  if (value >= prev.value) return { state: next, delta: { t, delta: value - prev.value, kind: 'count', uncertain } };
  const { wrapsAt } = behaviour;
  if (wrapsAt !== undefined) {
    const wrapped = wrapsAt - prev.value + value;
    if (wrapped <= window * wrapsAt) return { state: next, delta: { t, delta: wrapped, kind: 'wrap', uncertain } };
  }
  return { state: next, delta: { t, delta: value, kind: 'reset', uncertain } };
}

/**
 * Feeds a chunk of points starting from `state` (the incremental form over many points).
 * Feeding a series in any number of consecutive chunks, carrying `result.state` from one
 * to the next, gives the same per-point deltas, and so the same totals, as feeding it whole.
 *
 * @throws RangeError on an invalid `wrapsAt` or `wrapWindow`.
 */
export function applyCounterChunk(
  state: CounterState,
  points: readonly CounterPoint[],
  behaviour: CounterBehaviour,
): CounterDeltaResult {
  const window = wrapWindowOf(behaviour);
  const ignored: Record<CounterIgnoreReason, number> = {
    'non-finite': 0,
    'out-of-range': 0,
    'bad-quality': 0,
    'out-of-order': 0,
  };
  const deltas: CounterPointDelta[] = [];
  let current = state;
  let total = 0;
  let resets = 0;
  let wraps = 0;
  let uncertain = 0;
  for (const point of points) {
    const out = step(current, point, behaviour, window);
    current = out.state;
    const d = out.delta;
    deltas.push(d);
    total += d.delta;
    if (d.kind === 'reset') resets += 1;
    if (d.kind === 'wrap') wraps += 1;
    if (d.uncertain) uncertain += 1;
    if (d.reason !== undefined) ignored[d.reason] += 1;
  }
  return { total, points: deltas, resets, wraps, uncertain, ignored, state: current };
}

/** Batch form: the whole series from the initial state. */
export function computeCounterDeltas(points: readonly CounterPoint[], behaviour: CounterBehaviour): CounterDeltaResult {
  return applyCounterChunk(initialCounterState(), points, behaviour);
}
