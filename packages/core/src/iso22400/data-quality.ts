/**
 * Quality of a sampled value, reduced from OPC UA StatusCode severity (Good / Uncertain /
 * Bad) or the equivalent of other sources. `bad` values are never used for math;
 * `uncertain` values are used but flagged.
 */
export type DataQuality = 'good' | 'uncertain' | 'bad';
