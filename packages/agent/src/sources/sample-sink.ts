/** Moved to core so connector packages can implement sources without the agent. */
export type { SampleSink } from '@rongtong/core';
