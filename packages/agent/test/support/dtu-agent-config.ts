import { createServer } from 'node:net';
import type { AgentConfigInput } from '../../src/config/agent-config-schema.js';

/** A free TCP port on 127.0.0.1 now (for a broker whose address a config must name before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type SourceInput = AgentConfigInput['sources'][number];

/**
 * An `mqtt` source reading the simulator's JSON devices (`<prefix>/<line>/<id>/telemetry`):
 * `<id>/state` and `<id>/produced` per device; `extra` adds connection fields.
 */
export function dtuSource(url: string, extra: Record<string, unknown> = {}, prefix = 'factory'): SourceInput {
  return {
    id: 'dtus',
    kind: 'mqtt',
    url,
    backoff: { initialMs: 50, maxMs: 500 },
    topics: [
      {
        topic: `${prefix}/{line}/{machine}/telemetry`,
        timestampPath: '$.ts',
        fields: [
          { path: '$.state', signal: '{machine}/state', semantic: 'machine_state' },
          { path: '$.counters.produced', signal: '{machine}/produced', semantic: 'produced_count' },
        ],
      },
    ],
    ...extra,
  };
}

/** The `signals[]` and `equipment[]` of the JSON devices `ids` read by {@link dtuSource}. */
export function dtuSignals(ids: readonly string[]): Pick<AgentConfigInput, 'signals' | 'equipment'> {
  return {
    signals: ids.flatMap((id) => [
      { id: `${id}/state`, equipment: id, source: 'dtus', semantic: 'machine_state' as const },
      { id: `${id}/produced`, equipment: id, source: 'dtus', semantic: 'produced_count' as const, counter: { monotonic: true as const } },
    ]),
    equipment: ids.map((id) => ({ id, name: `simulated ${id}` })),
  };
}
