import type { Sample } from '../sources/sample.js';

/** A sample as the pipeline keeps it: the source's sample plus the agent's receive time. */
export interface PipelineSample extends Sample {
  /** When the agent received the sample, ms since the Unix epoch (agent clock); the `server_time` of a raw sample. */
  readonly receiveTime?: number;
}
