/** Options of `waitFor`. */
export interface WaitForOptions {
  /** Give up after this many ms (default 2000). */
  timeoutMs?: number;
  /** Check every this many ms (default 5). */
  intervalMs?: number;
}

/**
 * Resolves once `condition()` is true; rejects with `what` in the message after the
 * timeout. For asynchronous deliveries (a Bus over the network) in contract suites.
 */
export async function waitFor(what: string, condition: () => boolean, options: WaitForOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 2000);
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5));
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
