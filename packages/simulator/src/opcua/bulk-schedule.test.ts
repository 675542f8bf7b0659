import { isRongtongError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/command.js';
import { runCli } from '../cli/run-cli.js';
import { bulkIdentifier, createBulkSchedule } from './bulk-schedule.js';
import { resolveSimulatorOptions, type OpcuaSimulatorOptions } from './opcua-simulator-options.js';

const START = Date.parse('2030-01-01T00:00:00.000Z');

/** Every change of every variable from the per-variable rule, by brute force, in time order. */
function bruteForceChanges(count: number, intervalMs: number, untilMs: number): { index: number; n: number; time: number }[] {
  const changes: { index: number; n: number; time: number }[] = [];
  for (let index = 0; index < count; index += 1) {
    const offset = Math.floor((index * intervalMs) / count);
    for (let n = 1; n * intervalMs + offset <= untilMs; n += 1) changes.push({ index, n, time: START + n * intervalMs + offset });
  }
  return changes.sort((a, b) => a.time - b.time || a.index - b.index);
}

function violationsOf(options: OpcuaSimulatorOptions): string[] {
  try {
    resolveSimulatorOptions(options);
  } catch (err) {
    if (!isRongtongError(err)) throw err;
    expect(err.code).toBe('INVALID_ARGUMENT');
    return err.fieldViolations.map((v) => v.path);
  }
  return [];
}

describe('createBulkSchedule', () => {
  it.each([
    [7, 10],
    [10, 3],
    [1, 5],
    [250, 1000],
  ])('numbers the changes of %i variables every %i ms in time order, one value each', (count, intervalMs) => {
    const schedule = createBulkSchedule({ count, intervalMs, startTime: START });
    const until = 4 * intervalMs + 3;
    const changes = bruteForceChanges(count, intervalMs, until);
    // The k-th change in time order is numbered count + k, and its value says which variable and which change.
    changes.forEach((c, k) => {
      const number = count + k;
      expect(schedule.change(number)).toEqual({ index: c.index, time: c.time });
      expect(number % count).toBe(c.index);
      expect(Math.floor(number / count)).toBe(c.n);
      expect(schedule.valueAt(c.index, c.time)).toEqual({ value: number, time: c.time });
      if (c.time > START + intervalMs) expect(schedule.valueAt(c.index, c.time - 1).value).toBe(number - count);
    });
    // Changes up to t, for every t: the brute-force count.
    for (let t = START - 1; t <= START + until; t += 1) {
      const expected = changes.filter((c) => c.time <= t).length;
      expect(schedule.changesUntil(t), `t = start + ${t - START}`).toBe(expected);
      expect(schedule.nextChangeAfter(t)).toBe(count + expected);
    }
    // Before its first change, each variable holds its index since the start.
    expect(schedule.valueAt(count - 1, START + intervalMs - 1)).toEqual({ value: count - 1, time: START });
  });

  it('staggers the changes evenly over the interval', () => {
    const schedule = createBulkSchedule({ count: 10_000, intervalMs: 1000, startTime: START });
    const perMs = new Map<number, number>();
    for (let i = 0; i < 10_000; i += 1) perMs.set(schedule.offset(i), (perMs.get(schedule.offset(i)) ?? 0) + 1);
    expect(perMs.size).toBe(1000);
    expect([...perMs.values()].every((n) => n === 10)).toBe(true);
    expect(schedule.changesUntil(START + 60_000)).toBe(59 * 10_000 + 10);
  });

  it('names the variables with five digits', () => {
    expect([bulkIdentifier(0), bulkIdentifier(42), bulkIdentifier(99_999)]).toEqual(['bulk/00000', 'bulk/00042', 'bulk/99999']);
  });
});

describe('bulk options', () => {
  it('accepts bulk alone and applies the default interval', () => {
    expect(resolveSimulatorOptions({ machines: [], bulk: { count: 5 } }).bulk).toEqual({ count: 5, intervalMs: 1000 });
    expect(resolveSimulatorOptions({ machines: [{ kind: 'cnc', id: 'CNC1' }] }).bulk).toBeUndefined();
  });

  it('names each bad field', () => {
    expect(violationsOf({ machines: [], bulk: { count: 0 } })).toEqual(['bulk.count']);
    expect(violationsOf({ machines: [], bulk: { count: 100_001, intervalMs: 0.5 } })).toEqual(['bulk.count', 'bulk.intervalMs']);
    expect(violationsOf({ machines: [], bulk: { count: 10, intervalMs: 0 } })).toEqual(['bulk.intervalMs']);
    expect(violationsOf({ machines: [], bulk: null as unknown as { count: number } })).toEqual(['bulk']);
    expect(violationsOf({ machines: [] })).toEqual(['machines']);
  });
});

describe('rongtong-sim opcua --bulk', () => {
  const io = (): CliIo & { readonly stderr: string[] } => {
    const stderr: string[] = [];
    return { stderr, out: () => undefined, err: (text) => stderr.push(text), untilStopped: () => new Promise<string>(() => undefined) };
  };

  it('rejects a malformed --bulk and a count out of range with exit code 2', async () => {
    for (const text of ['x', '10:', '10:5:1', '1e3']) {
      const cli = io();
      expect(await runCli(['opcua', '--port', '0', '--bulk', text], cli), text).toBe(2);
      expect(cli.stderr[0]).toContain('--bulk must be N[:intervalMs]');
    }
    const cli = io();
    expect(await runCli(['opcua', '--port', '0', '--bulk', '0:100'], cli)).toBe(2);
    expect(cli.stderr[0]).toMatch(/^INVALID_ARGUMENT: .*bulk\.count: must be a whole number/);
    const none = io();
    expect(await runCli(['opcua', '--port', '0'], none)).toBe(2);
    expect(none.stderr[0]).toContain('--machines is required (unless --bulk is given)');
  });
});
