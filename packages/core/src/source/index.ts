export type { Sample, SampleValue } from './sample.js';
export type { SampleSink } from './sample-sink.js';
export { SOURCE_STATES, type SourceState } from './source-state.js';
export type { Source } from './source.js';
export { createSampleQueue, type SampleQueue } from './sample-queue.js';
