/**
 * Connection state of a source (DESIGN §8: one union, never a set of booleans):
 *
 * - `idle` — created, not started;
 * - `connecting` — starting or (re)connecting to the machine;
 * - `connected` — delivering data;
 * - `backoff` — lost the machine, waiting before the next attempt;
 * - `closed` — stopped, or finished (a generator that reached its `count`); final.
 */
export const SOURCE_STATES = ['idle', 'connecting', 'connected', 'backoff', 'closed'] as const;

/** Connection state of a source (see {@link SOURCE_STATES}). */
export type SourceState = (typeof SOURCE_STATES)[number];
