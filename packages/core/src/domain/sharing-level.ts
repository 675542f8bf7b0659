import { z } from 'zod';

/**
 * How much an enterprise lets one platform see, per uplink: `raw` (samples and everything
 * derived), `kpi` (state intervals, production counts, KPIs, capacity records),
 * `capacity` (capacity records only). Ordered from most to least detailed.
 * Values in the order of the proto enum `rongtong.v1.SharingLevel` (`SHARING_LEVEL_` + upper case).
 */
export const SHARING_LEVELS = ['raw', 'kpi', 'capacity'] as const;

/** Sharing level of an uplink (see `SHARING_LEVELS`). */
export type SharingLevel = (typeof SHARING_LEVELS)[number];

/** zod schema of {@link SharingLevel}. */
export const SharingLevelSchema = z.enum(SHARING_LEVELS).describe('sharing level, most to least detailed');
