import { isRongtongError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../sample.js';
import type { SampleSink } from '../sample-sink.js';
import type { SourceState } from '../source-state.js';
import type { GeneratorSourceConfigInput } from './generator-config.js';
import { createGeneratorSource, type GeneratorSourceOptions } from './generator-source.js';

const START = Date.parse('2025-01-01T00:00:00Z');

function collector(): SampleSink & { samples: Sample[]; writes: number } {
  const samples: Sample[] = [];
  return {
    samples,
    writes: 0,
    write(batch) {
      this.writes += 1;
      samples.push(...batch);
    },
  };
}

const twoSignals: GeneratorSourceConfigInput = {
  id: 'gen',
  kind: 'generator',
  clock: 'simulated',
  startTime: '2025-01-01T00:00:00Z',
  rate: 1,
  seed: 7,
  signals: [
    { id: 'm1/state', pattern: { type: 'state-cycle', states: [{ state: 'Executing', durationMs: 2000 }, { state: 'NotExecuting', durationMs: 1000 }] } },
    { id: 'm1/good', rate: 2, pattern: { type: 'counter', ratePerSecond: 1 } },
  ],
};

async function runToEnd(options: GeneratorSourceOptions) {
  const source = createGeneratorSource(options);
  await source.start();
  await source.done;
  return source;
}

describe('generator source', () => {
  it('produces the exact samples of its patterns, merged by time, then closes at count', async () => {
    const sink = collector();
    const states: SourceState[] = [];
    const source = await runToEnd({ config: { ...twoSignals, count: 7 }, sink, onStateChange: (s) => states.push(s) });
    expect(sink.samples).toEqual([
      { signalId: 'm1/state', sourceTime: START, value: 'Executing', quality: 'good' },
      { signalId: 'm1/good', sourceTime: START, value: 0n, quality: 'good' },
      { signalId: 'm1/good', sourceTime: START + 500, value: 0n, quality: 'good' },
      { signalId: 'm1/state', sourceTime: START + 1000, value: 'Executing', quality: 'good' },
      { signalId: 'm1/good', sourceTime: START + 1000, value: 1n, quality: 'good' },
      { signalId: 'm1/good', sourceTime: START + 1500, value: 1n, quality: 'good' },
      { signalId: 'm1/state', sourceTime: START + 2000, value: 'NotExecuting', quality: 'good' },
    ]);
    expect(source.emitted).toBe(7);
    expect(source.state).toBe('closed');
    expect(states).toEqual(['connected', 'closed']);
    expect(sink.writes).toBe(5); // samples due at the same time go in one write
  });

  it('is deterministic for a seed and differs for another', async () => {
    const config: GeneratorSourceConfigInput = { ...twoSignals, count: 50, signals: [{ id: 't', pattern: { type: 'random-walk', step: 2 } }] };
    const a = collector();
    const b = collector();
    const c = collector();
    await runToEnd({ config, sink: a });
    await runToEnd({ config, sink: b });
    await runToEnd({ config: { ...config, seed: 8 }, sink: c });
    expect(a.samples).toHaveLength(50);
    expect(b.samples).toEqual(a.samples);
    expect(c.samples.map((s) => s.value)).not.toEqual(a.samples.map((s) => s.value));
  });

  it('continues after the last sample the agent holds: a restart neither repeats nor skips, and count includes the earlier part', async () => {
    const full = collector();
    await runToEnd({ config: { ...twoSignals, count: 30 }, sink: full });
    const last = new Map([['m1/state', START + 4000], ['m1/good', START + 5500]]);
    const rest = collector();
    await runToEnd({ config: { ...twoSignals, count: 30 }, sink: rest, lastSourceTime: (id) => last.get(id) });
    const before = full.samples.filter((s) => s.sourceTime <= last.get(s.signalId)!);
    expect(before).toHaveLength(5 + 12);
    expect([...before, ...rest.samples].sort((x, y) => x.sourceTime - y.sourceTime || x.signalId.localeCompare(y.signalId))).toEqual(
      [...full.samples].sort((x, y) => x.sourceTime - y.sourceTime || x.signalId.localeCompare(y.signalId)),
    );
  });

  it('runs a simulated clock flat out: 200,000 samples in well under the 55 hours they span', async () => {
    let n = 0;
    const started = performance.now();
    const config = { ...twoSignals, count: 200_000 };
    await runToEnd({ config, sink: { write: (batch) => void (n += batch.length) } });
    expect(n).toBe(200_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('waits for the sink (backpressure) before producing more', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sink: SampleSink = {
      async write() {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
      },
    };
    await runToEnd({ config: { ...twoSignals, count: 20 }, sink });
    expect(maxInFlight).toBe(1);
  });

  it('paces samples by the real clock', async () => {
    const sink = collector();
    const started = Date.now();
    const config: GeneratorSourceConfigInput = { id: 'gen', kind: 'generator', rate: 50, count: 6, signals: [{ id: 'x', pattern: { type: 'sequence', values: [1, 2, 3] } }] };
    await runToEnd({ config, sink });
    expect(sink.samples.map((s) => s.value)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80); // 5 intervals of 20 ms
    const t0 = sink.samples[0]!.sourceTime;
    expect(sink.samples.map((s) => s.sourceTime - t0)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('stops on stop() and on abort, and nothing is written afterwards', async () => {
    const sink = collector();
    const source = createGeneratorSource({ config: { ...twoSignals, clock: 'real', startTime: undefined, rate: 1000 }, sink });
    await source.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await source.stop();
    const written = sink.samples.length;
    expect(written).toBeGreaterThan(0);
    expect(source.state).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.samples.length).toBe(written);
    await source.stop(); // idempotent

    const controller = new AbortController();
    const other = createGeneratorSource({ config: twoSignals, sink: collector() });
    await other.start(controller.signal);
    controller.abort();
    await other.done;
    expect(other.state).toBe('closed');
  });

  it('closes with the error when the sink fails, and refuses a second start', async () => {
    const states: [SourceState, Error | undefined][] = [];
    const source = createGeneratorSource({
      config: twoSignals,
      sink: { write: () => Promise.reject(new Error('outbox closed')) },
      onStateChange: (s, e) => states.push([s, e]),
    });
    await source.start();
    await expect(source.start()).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await source.done;
    expect(source.error?.message).toBe('outbox closed');
    expect(states.at(-1)?.[0]).toBe('closed');
    expect(states.at(-1)?.[1]?.message).toBe('outbox closed');
  });

  it('parses its config once, naming the bad field', () => {
    try {
      createGeneratorSource({ config: { ...twoSignals, rate: -1 }, sink: collector() });
      expect.unreachable();
    } catch (err) {
      expect(isRongtongError(err) && err.code).toBe('INVALID_CONFIG');
      expect(isRongtongError(err) && err.fieldViolations.map((v) => v.path)).toEqual(['rate']);
    }
  });
});
