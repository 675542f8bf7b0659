import { BUS_TOPICS } from '../bus/bus.js';
import type { PlatformContext } from '../context.js';

/**
 * Tells feed subscribers (on every instance) that events were committed: publishes the
 * newest event seq on `BUS_TOPICS.feed`. Called after a store mutation has appended its
 * events. The bus only wakes readers up, so a failure is logged, never thrown: the events
 * are in the store, and subscribers find them on their next read.
 */
export async function notifyFeed(ctx: PlatformContext): Promise<void> {
  try {
    const seq = await ctx.store.lastEventSeq();
    await ctx.bus.publish(BUS_TOPICS.feed, new TextEncoder().encode(seq.toString()));
  } catch (err) {
    ctx.logger.warn({ err }, 'could not publish a feed wake-up');
  }
}
