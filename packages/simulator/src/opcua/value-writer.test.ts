import { StatusCodes, type UAVariable, type VariantOptions } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { ValueWriter } from './value-writer.js';

/** A variable that records what is written to it (only `setValueFromSource` is used by the writer). */
function recordingVariable(): { variable: UAVariable; writes: [unknown, number][] } {
  const writes: [unknown, number][] = [];
  const variable = {
    setValueFromSource(value: VariantOptions, _status: unknown, at: Date) {
      writes.push([value.value, at.getTime()]);
    },
  } as unknown as UAVariable;
  return { variable, writes };
}

const HOUR = 3_600_000;
const write = (w: ValueWriter, v: UAVariable, n: number, at: number, mode: 'now' | 'coalesce' = 'coalesce'): void => {
  w.write(v, String(n), () => ({ dataType: 'UInt32', value: n }), at, mode, StatusCodes.Good);
};

describe('ValueWriter', () => {
  it('writes only the last coalesced value within an hour, at its own time', () => {
    const w = new ValueWriter();
    const { variable, writes } = recordingVariable();
    write(w, variable, 1, 10 * HOUR + 1_000);
    write(w, variable, 2, 10 * HOUR + 2_000);
    write(w, variable, 3, 10 * HOUR + 3_000);
    expect(writes).toEqual([]);
    w.flush();
    expect(writes).toEqual([[3, 10 * HOUR + 3_000]]);
  });

  it('writes the waiting value of the earlier hour before keeping one of the next hour', () => {
    const w = new ValueWriter();
    const { variable, writes } = recordingVariable();
    write(w, variable, 24, 11 * HOUR - 5_000);
    write(w, variable, 25, 11 * HOUR - 1_000);
    write(w, variable, 26, 11 * HOUR + 2_000);
    write(w, variable, 27, 11 * HOUR + 4_000);
    w.flush();
    expect(writes).toEqual([
      [25, 11 * HOUR - 1_000],
      [27, 11 * HOUR + 4_000],
    ]);
  });

  it('writes waiting values before a value written now, and skips a repeat of the last value', () => {
    const w = new ValueWriter();
    const counter = recordingVariable();
    const state = recordingVariable();
    write(w, counter.variable, 5, 1_000);
    write(w, state.variable, 1, 2_000, 'now');
    write(w, state.variable, 1, 3_000, 'now');
    expect(counter.writes).toEqual([[5, 1_000]]);
    expect(state.writes).toEqual([[1, 2_000]]);
  });
});
