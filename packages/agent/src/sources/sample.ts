/** Moved to core so connector packages can implement sources without the agent. */
export type { Sample, SampleValue } from '@rongtong/core';
