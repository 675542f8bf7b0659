import { z } from 'zod';
import type { DataQuality } from '../iso22400/data-quality.js';

/**
 * Every {@link DataQuality}, best first, in the order of the proto enum
 * `rongtong.v1.Quality` (`QUALITY_` + upper case). `QUALITY_UNSPECIFIED` is read as
 * `uncertain` by receivers; the domain model always states the quality.
 */
export const DATA_QUALITIES = ['good', 'uncertain', 'bad'] as const satisfies readonly DataQuality[];

/** zod schema of {@link DataQuality} (`good` | `uncertain` | `bad`). */
export const DataQualitySchema = z
  .enum(DATA_QUALITIES)
  .describe('quality of a value: good, uncertain (used, flagged) or bad (not used)');
