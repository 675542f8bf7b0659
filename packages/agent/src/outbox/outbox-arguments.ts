import { RongtongError } from '@rongtong/core';
import type { EnqueueMeta, OutboxCheckpoint } from './outbox.js';

/** INVALID_ARGUMENT naming `path`. */
function invalid(path: string, reason: string): RongtongError {
  return new RongtongError('INVALID_ARGUMENT', `invalid outbox argument: ${path}: ${reason}`, { fieldViolations: [{ path, reason }] });
}

/** Throws INVALID_ARGUMENT unless `value` is a safe integer (≥ `min` when given). */
export function checkInteger(path: string, value: unknown, min?: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(path, 'must be an integer');
  if (min !== undefined && value < min) throw invalid(path, `must be ≥ ${min}`);
}

/** Throws INVALID_ARGUMENT unless `value` is a bigint ≥ 0. */
export function checkSeq(path: string, value: unknown): asserts value is bigint {
  if (typeof value !== 'bigint' || value < 0n) throw invalid(path, 'must be a bigint ≥ 0');
}

/** Throws INVALID_ARGUMENT unless `value` is a byte array (non-empty when `nonEmpty`). */
export function checkBytes(path: string, value: unknown, nonEmpty: boolean): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid(path, 'must be a Uint8Array');
  if (nonEmpty && value.length === 0) throw invalid(path, 'must not be empty');
}

/**
 * Throws INVALID_ARGUMENT unless `payload` and `meta` can be enqueued: a non-empty payload;
 * samples a safe integer ≥ 0; times integer ms with firstTime ≤ lastTime; signal ids
 * non-empty strings.
 */
export function checkEnqueue(payload: unknown, meta: EnqueueMeta): void {
  checkBytes('payload', payload, true);
  if (typeof meta !== 'object' || meta === null) throw invalid('meta', 'required');
  checkInteger('meta.samples', meta.samples, 0);
  checkInteger('meta.firstTime', meta.firstTime);
  checkInteger('meta.lastTime', meta.lastTime);
  if (meta.lastTime < meta.firstTime) throw invalid('meta.lastTime', 'must not be before meta.firstTime');
  if (!Array.isArray(meta.signalIds)) throw invalid('meta.signalIds', 'must be an array of signal ids');
  meta.signalIds.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || id === '') throw invalid(`meta.signalIds.${i}`, 'must be a non-empty string');
  });
}

/**
 * Throws INVALID_ARGUMENT unless `checkpoint` can be saved: `sourceTimes` an object of
 * non-empty signal ids to integer ms; `deriverState` a string when present.
 */
export function checkCheckpoint(path: string, checkpoint: OutboxCheckpoint): void {
  if (typeof checkpoint !== 'object' || checkpoint === null) throw invalid(path, 'must be an object');
  const times: unknown = checkpoint.sourceTimes;
  if (typeof times !== 'object' || times === null || Array.isArray(times)) throw invalid(`${path}.sourceTimes`, 'must be an object of signal id → ms');
  for (const [id, time] of Object.entries(times)) {
    if (id === '') throw invalid(`${path}.sourceTimes`, 'signal ids must not be empty');
    checkInteger(`${path}.sourceTimes.${id}`, time);
  }
  if (checkpoint.deriverState !== undefined && typeof checkpoint.deriverState !== 'string') throw invalid(`${path}.deriverState`, 'must be a string');
}
