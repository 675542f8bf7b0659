import { RongtongError } from '@rongtong/core';
import { z } from 'zod';
import { DEFAULT_LIVE_WINDOW_MS } from '../outbox/sqlite-outbox-options.js';
import { resolveBackoffOptions, type BackoffOptions } from '@rongtong/core';
import { DEFAULT_HISTORICAL_BATCHES_PER_SECOND, DEFAULT_UPLINK_POLL_MS, DEFAULT_UPLINK_WINDOW, type UplinkOptions } from './uplink-options.js';

/** The numeric tuning of `UplinkOptions`, checked once by `createUplink`; errors name the field. */
const UplinkTuningSchema = z.object({
  name: z.string().min(1),
  address: z.string().min(1),
  agentId: z.string().min(1),
  window: z.int().min(1).max(1024).default(DEFAULT_UPLINK_WINDOW),
  pollMs: z.number().positive().max(60_000).default(DEFAULT_UPLINK_POLL_MS),
  maxBatchesPerSecond: z.number().positive().default(DEFAULT_HISTORICAL_BATCHES_PER_SECOND),
  liveWindowMs: z.number().min(0).default(DEFAULT_LIVE_WINDOW_MS),
  drainMs: z.number().min(0).max(60_000).default(2000),
  maxResyncAttempts: z.int().min(0).default(5),
});

/** `UplinkOptions` with defaults applied and numbers checked. */
export type UplinkSettings = z.infer<typeof UplinkTuningSchema> & { readonly backoff: BackoffOptions };

/** Checks and completes the options; throws INVALID_ARGUMENT naming every bad field. */
export function resolveUplinkSettings(options: UplinkOptions): UplinkSettings {
  const parsed = UplinkTuningSchema.safeParse({
    name: options.name,
    address: options.address,
    agentId: options.agentId,
    window: options.window,
    pollMs: options.pollMs,
    maxBatchesPerSecond: options.historicalPacing?.maxBatchesPerSecond,
    liveWindowMs: options.liveWindowMs,
    drainMs: options.drainMs,
    maxResyncAttempts: options.maxResyncAttempts,
  });
  if (!parsed.success) {
    const fieldViolations = parsed.error.issues.map((i) => ({ path: i.path.join('.').replace('maxBatchesPerSecond', 'historicalPacing.maxBatchesPerSecond'), reason: i.message }));
    throw new RongtongError('INVALID_ARGUMENT', `invalid uplink options: ${fieldViolations.map((v) => `${v.path}: ${v.reason}`).join('; ')}`, { fieldViolations });
  }
  return { ...parsed.data, backoff: resolveBackoffOptions(options.backoff) };
}
