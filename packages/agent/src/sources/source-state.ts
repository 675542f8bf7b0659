/** Moved to core so connector packages can implement sources without the agent. */
export { SOURCE_STATES, type SourceState } from '@rongtong/core';
