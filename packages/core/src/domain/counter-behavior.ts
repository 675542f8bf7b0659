import { z } from 'zod';

const wrapsAt = z
  .number({ error: 'must be a finite number' })
  .positive({ error: 'must be positive; leave it out for a counter that never wraps' })
  .refine(Number.isInteger, { error: 'must be an integer modulus, e.g. 65536 for UInt16' })
  .optional();

/** Fields of both counter kinds. */
const common = {
  /**
   * True if the counter returns to 0 at the start of each job (Euromap 77 job counters,
   * PackML counters reset per order): drops at a job change are expected and do not lower
   * confidence. Absent: false.
   */
  resetsOnJob: z.boolean().optional(),
  /**
   * The counter's modulus: it counts 0 … wrapsAt − 1 and then continues at 0, e.g. 65536
   * for a UInt16 counter, 4294967296 for UInt32. A positive integer. Absent: never wraps
   * (proto `wraps_at` 0).
   */
  wrapsAt,
};

/**
 * How a counter signal behaves, for the delta derivation. Mirrors
 * `rongtong.v1.CounterBehavior`, as a union on `monotonic`:
 *
 * - `monotonic: true` — never decreases except at a reset or a wrap; a drop is a reset.
 *   This branch is structurally a {@link import('../iso22400/counter-delta.js').CounterBehaviour},
 *   so after `if (b.monotonic)` it can be passed to `computeCounterDeltas` as is.
 * - `monotonic: false` — may be corrected downwards; drops are ignored.
 */
export const CounterBehaviorSchema = z
  .discriminatedUnion('monotonic', [
    z.object({
      /** The counter only counts up between resets and wraps; a drop is a reset. */
      monotonic: z.literal(true),
      ...common,
    }),
    z.object({
      /** The counter may be corrected downwards; drops are ignored. */
      monotonic: z.literal(false),
      ...common,
    }),
  ])
  .describe('how a counter signal behaves: monotonic, resets on job, wraps at');

/** How a counter signal behaves (see {@link CounterBehaviorSchema}). */
export type CounterBehavior = z.infer<typeof CounterBehaviorSchema>;
