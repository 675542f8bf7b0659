/** Per-call options of every unary method of the client. */
export interface RpcOptions {
  /** Absolute deadline, as a `Date` or epoch milliseconds. Wins over `timeoutMs`. */
  readonly deadline?: Date | number;
  /**
   * Deadline relative to the start of the call, in milliseconds. Defaults to the
   * client's `defaultTimeoutMs`; no deadline when neither is set.
   */
  readonly timeoutMs?: number;
  /** Cancels the call; the promise then rejects with a `RongtongError` coded `CANCELLED`. */
  readonly signal?: AbortSignal;
}

/** The grpc-js deadline for a call with these options, or undefined for none. */
export function deadlineOf(options: RpcOptions, defaultTimeoutMs: number | undefined): Date | number | undefined {
  if (options.deadline !== undefined) return options.deadline;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
}
