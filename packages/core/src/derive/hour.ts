import { MS_PER_HOUR } from '../iso22400/kpis.js';

/** Start of the UTC hour containing `t` (ms since the Unix epoch). */
export function hourStart(t: number): number {
  return Math.floor(t / MS_PER_HOUR) * MS_PER_HOUR;
}

/** The worse of two qualities (`bad` > `uncertain` > `good`). */
export function worseQuality<Q extends 'good' | 'uncertain' | 'bad'>(a: Q, b: Q): Q {
  const rank = { good: 0, uncertain: 1, bad: 2 };
  return rank[a] >= rank[b] ? a : b;
}
