import type { Sample, SampleSink, SourceState } from '@rongtong/core';
import type { MqttLogger } from '../../src/index.js';

/** A sink that keeps every write. */
export interface CollectingSink extends SampleSink {
  /** Each `write`, in order. */
  readonly writes: (readonly Sample[])[];
  /** All samples, in write order. */
  readonly samples: Sample[];
}

/** A synchronous sink that records what it gets. */
export function collectingSink(): CollectingSink {
  const writes: (readonly Sample[])[] = [];
  const samples: Sample[] = [];
  return {
    writes,
    samples,
    write(batch) {
      writes.push(batch);
      samples.push(...batch);
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
export function memoryLogger(): MqttLogger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: LogRecord['level']) => (obj: object, msg?: string) => void records.push({ level, obj: obj as Record<string, unknown>, msg });
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Records state changes with their errors. */
export function stateRecorder(): {
  readonly states: SourceState[];
  readonly errors: (Error | undefined)[];
  readonly onStateChange: (state: SourceState, error?: Error) => void;
} {
  const states: SourceState[] = [];
  const errors: (Error | undefined)[] = [];
  return {
    states,
    errors,
    onStateChange: (state, error) => {
      states.push(state);
      errors.push(error);
    },
  };
}

/** Resolves once `condition()` holds; fails naming `what` after `timeoutMs` (default 5 s). */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
