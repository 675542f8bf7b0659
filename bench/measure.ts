import { createServer } from 'node:net';

/** One measured operation: median over rounds of (time for `iterations` calls). */
export interface Measurement {
  readonly name: string;
  readonly iterations: number;
  readonly rounds: number;
  /** Median time per operation, in microseconds. */
  readonly microsPerOp: number;
  /** Operations per second at the median. */
  readonly opsPerSec: number;
}

/**
 * Times `fn` over `rounds` rounds of `iterations` calls after a warm-up round and returns
 * the median round. Bounded: rounds × iterations calls, nothing else.
 */
export function measure(name: string, fn: () => unknown, iterations = 200, rounds = 7): Measurement {
  let sink: unknown;
  for (let i = 0; i < iterations; i++) sink = fn();
  const perOp: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = fn();
    perOp.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  if (sink === Symbol.for('never')) console.log(sink);
  perOp.sort((a, b) => a - b);
  const microsPerOp = perOp[Math.floor(perOp.length / 2)]!;
  return { name, iterations, rounds, microsPerOp, opsPerSec: 1e6 / microsPerOp };
}

/** A markdown table of measurements. */
export function table(rows: readonly Measurement[], extra: (m: Measurement) => string = () => ''): string {
  const lines = ['| operation | µs / op | ops / s |' + (extra(rows[0]!) ? ' note |' : ''), '|---|---:|---:|' + (extra(rows[0]!) ? '---|' : '')];
  for (const m of rows) {
    const note = extra(m);
    lines.push(`| ${m.name} | ${m.microsPerOp.toFixed(1)} | ${Math.round(m.opsPerSec).toLocaleString('en-US')} |${note ? ` ${note} |` : ''}`);
  }
  return lines.join('\n');
}

/** A free loopback port (bound and released at once): for a server to start on, or to point at when nothing must listen. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
