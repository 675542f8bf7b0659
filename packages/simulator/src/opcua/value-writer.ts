import { StatusCodes, type StatusCode, type UAVariable, type VariantOptions } from 'node-opcua';

/** How a value reaches the address space. */
export type WriteMode =
  /** Written at once, after every coalesced value still waiting (states: every change is seen). */
  | 'now'
  /** Kept until the next `now` write or `flush()`; only the last value is written (counters). */
  | 'coalesce';

const HOUR_MS = 3_600_000;
const hourOf = (at: number): number => Math.floor(at / HOUR_MS);

interface Pending {
  readonly variable: UAVariable;
  readonly value: () => VariantOptions;
  readonly at: number;
  readonly status: StatusCode;
}

/**
 * Writes variable values with the simulated time of the change as source timestamp (node-opcua
 * stamps the server timestamp with the same instant). A value equal to the last one written to
 * the variable (same `key`) is skipped, so clients see changes only.
 *
 * Counters of a fast line change with every part; `coalesce` writes only their latest value per
 * tick or before the next state change, which keeps the order of events for subscribers. A
 * waiting value is written before a newer one from a later (UTC) hour, so a tick or `advance`
 * step that crosses an hour still shows the count at the end of the hour.
 */
export class ValueWriter {
  private readonly lastKey = new Map<UAVariable, string>();
  private readonly pending = new Map<UAVariable, Pending>();

  /**
   * Writes `value()` to `variable` at simulated time `at` (ms) unless `key` (an identity of
   * the value) equals the last one written.
   */
  write(variable: UAVariable, key: string, value: () => VariantOptions, at: number, mode: WriteMode, status: StatusCode = StatusCodes.Good): void {
    const fullKey = `${status.value}|${key}`;
    if (this.lastKey.get(variable) === fullKey && !this.pending.has(variable)) return;
    this.lastKey.set(variable, fullKey);
    const entry: Pending = { variable, value, at, status };
    if (mode === 'coalesce') {
      // Never carry a count across an hour boundary: the value reached before the hour ends is
      // written with its own time, so hourly counts derived from it land in the right hour.
      const waiting = this.pending.get(variable);
      if (waiting !== undefined && hourOf(waiting.at) !== hourOf(at)) ValueWriter.apply(waiting);
      this.pending.set(variable, entry);
      return;
    }
    this.flush();
    ValueWriter.apply(entry);
  }

  /** Writes every coalesced value still waiting. */
  flush(): void {
    for (const entry of this.pending.values()) ValueWriter.apply(entry);
    this.pending.clear();
  }

  private static apply({ variable, value, at, status }: Pending): void {
    variable.setValueFromSource(value(), status, new Date(at));
  }
}
