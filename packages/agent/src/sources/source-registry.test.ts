import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createAgentConfigSchema } from '../config/agent-config-schema.js';
import { agentConfigJsonSchema } from '../config/agent-json-schema.js';
import { validateAgentConfig } from '../config/validate-agent-config.js';
import { builtInSourceFactories } from './built-in-sources.js';
import type { Sample } from './sample.js';
import { sourceConfigFields } from './source-config.js';
import type { SourceFactory } from './source-factory.js';
import { createSourceRegistry } from './source-registry.js';
import type { SourceState } from './source-state.js';

/** A vendor's source kind, written against the public interfaces only (as in docs/agent-config.md). */
const ModbusConfigSchema = z.object({ ...sourceConfigFields, kind: z.literal('modbus'), host: z.string() }).strict();
const modbusFactory: SourceFactory<z.infer<typeof ModbusConfigSchema>> = {
  kind: 'modbus',
  description: 'Modbus TCP registers',
  configSchema: ModbusConfigSchema,
  addressKind: 'custom',
  create(config, context) {
    let state: SourceState = 'idle';
    return {
      id: config.id,
      kind: 'modbus',
      get state() {
        return state;
      },
      async start() {
        state = 'connected';
        await context.sink.write(context.signals.map((s): Sample => ({ signalId: s.id, sourceTime: 0, value: 1n, quality: 'good' })));
      },
      stop() {
        state = 'closed';
        return Promise.resolve();
      },
    };
  },
};

const base = {
  agent: { name: 'a' },
  equipment: [{ id: 'press-1', name: 'Press 1' }],
  uplinks: [{ name: 'p', platform: 'localhost:7600', sharing: 'raw' }],
};

describe('source registry', () => {
  it('refuses duplicate and malformed kinds', () => {
    expect(() => createSourceRegistry([...builtInSourceFactories, ...builtInSourceFactories])).toThrow(/registered twice/);
    expect(() => createSourceRegistry([{ ...modbusFactory, kind: 'Mod Bus' }])).toThrow(/\[a-z0-9-\]/);
    expect(() => createSourceRegistry([])).toThrow(/at least one/);
  });

  it("adds a vendor's kind to the config schema, its cross-field rules and the JSON Schema, with no change to the agent", async () => {
    const registry = createSourceRegistry([...builtInSourceFactories, modbusFactory]);
    const config = {
      ...base,
      sources: [{ id: 'plc', kind: 'modbus', host: '10.0.0.5' }],
      signals: [
        { id: 'press-1/strokes', equipment: 'press-1', source: 'plc', semantic: 'cycle_count', counter: { monotonic: true }, address: { kind: 'custom', sourceType: 'modbus', attributes: { register: '40001' } } },
      ],
    };
    const report = validateAgentConfig(config, { registry });
    expect(report.errors).toEqual([]);
    expect(validateAgentConfig(config).errors.map((e) => e.path)).toEqual(['sources.0.kind']);

    const noAddress = validateAgentConfig({ ...config, signals: [{ ...config.signals[0], address: undefined }] }, { registry });
    expect(noAddress.errors.map((e) => `${e.path}: ${e.reason}`)).toEqual(['signals.0.address: required for a signal of modbus source "plc": where to read it']);
    const wrongAddress = validateAgentConfig({ ...config, signals: [{ ...config.signals[0], address: { kind: 'mqtt', topic: 'a/b' } }] }, { registry });
    expect(wrongAddress.errors.map((e) => e.path)).toEqual(['signals.0.address.kind']);

    const parsed = createAgentConfigSchema(registry).parse(config);
    const samples: Sample[] = [];
    const source = registry.create(parsed.sources[0]!, { sink: { write: (s) => void samples.push(...s) }, signals: parsed.signals });
    await source.start();
    expect(samples).toEqual([{ signalId: 'press-1/strokes', sourceTime: 0, value: 1n, quality: 'good' }]);
    await source.stop();
    expect(source.state).toBe('closed');

    expect(JSON.stringify(agentConfigJsonSchema(registry))).toContain('"const":"modbus"');
  });
});
