/** Moved to core so connector packages can implement sources without the agent. */
export type { Source } from '@rongtong/core';
