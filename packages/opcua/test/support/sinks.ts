import type { Sample, SampleSink, SourceState } from '@rongtong/core';
import type { OpcuaLogger } from '../../src/index.js';

/** A sink that keeps every write. */
export interface CollectingSink extends SampleSink {
  /** Each `write`, in order. */
  readonly writes: (readonly Sample[])[];
  /** All samples, in write order. */
  readonly samples: Sample[];
  /** The samples of one signal, in write order. */
  of(signalId: string): Sample[];
}

/** A synchronous sink that records what it gets. */
export function collectingSink(): CollectingSink {
  const writes: (readonly Sample[])[] = [];
  const samples: Sample[] = [];
  const bySignal = new Map<string, Sample[]>();
  return {
    writes,
    samples,
    of: (signalId) => bySignal.get(signalId) ?? [],
    write(batch) {
      writes.push(batch);
      samples.push(...batch);
      for (const s of batch) {
        const list = bySignal.get(s.signalId);
        if (list) list.push(s);
        else bySignal.set(s.signalId, [s]);
      }
    },
  };
}

/** One log call. */
export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: Record<string, unknown>;
  readonly msg: string | undefined;
}

/** A logger that keeps every call. */
export function memoryLogger(): OpcuaLogger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: LogRecord['level']) => (obj: object, msg?: string) => void records.push({ level, obj: obj as Record<string, unknown>, msg });
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Records state changes with their errors and times. */
export function stateRecorder(): {
  readonly states: SourceState[];
  readonly errors: (Error | undefined)[];
  readonly times: number[];
  readonly onStateChange: (state: SourceState, error?: Error) => void;
} {
  const states: SourceState[] = [];
  const errors: (Error | undefined)[] = [];
  const times: number[] = [];
  return {
    states,
    errors,
    times,
    onStateChange: (state, error) => {
      states.push(state);
      errors.push(error);
      times.push(Date.now());
    },
  };
}

/** Resolves once `condition()` holds; fails naming `what` after `timeoutMs` (default 10 s). */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
