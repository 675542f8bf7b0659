import { z } from 'zod';
import { defaultSourceRegistry } from '../sources/built-in-sources.js';
import type { SourceRegistry } from '../sources/source-registry.js';
import { BrokerConfigSchema } from './broker-config.js';
import { byteSizeSchema } from './byte-size.js';
import { checkAgentConfig } from './config-checks.js';
import { durationSchema } from './duration.js';
import { EquipmentConfigSchema } from './equipment-config.js';
import { ListenAddressSchema } from '@rongtong/core';
import { SignalConfigSchema } from './signal-config.js';
import { sourceConfigUnion } from './source-union.js';
import { UplinkConfigSchema } from './uplink-config.js';

function agentConfigObject(registry: SourceRegistry) {
  return z
    .object({
      stateDir: z
        .string()
        .min(1, { error: 'must be a directory path' })
        .default('./rongtong-state')
        .describe('directory for the outbox databases, keys and enrolment credentials (created if missing)'),
      agent: z
        .object({
          name: z
            .string({ error: 'required: a name for this agent, e.g. "workshop-2-gateway"' })
            .regex(/\S/, { error: 'must not be blank' })
            .max(128, { error: 'must be at most 128 characters' })
            .describe('display name of this agent, shown on the platform'),
        })
        .strict()
        .describe('this agent'),
      sources: z
        .array(sourceConfigUnion(registry))
        .min(1, { error: 'at least one source is needed' })
        .describe('where samples come from; each entry picks its kind'),
      signals: z.array(SignalConfigSchema).default([]).describe('the meaning of each signal: equipment, semantic, unit, counter behaviour'),
      equipment: z.array(EquipmentConfigSchema).default([]).describe('the machines the signals belong to'),
      batching: z
        .object({
          maxSamples: z.int().min(1).max(100_000).default(1000).describe('a batch closes at this many samples (default 1000)'),
          maxDelayMs: z.number().positive().max(3_600_000).default(1000).describe('… or this many ms after its first sample (default 1000)'),
        })
        .strict()
        .prefault({})
        .describe('when a batch is closed and written to the outbox'),
      outbox: z
        .object({
          quota: z
            .object({
              maxBytes: byteSizeSchema(1024).prefault('1GiB').describe('largest backlog per uplink (default 1GiB): bytes or text such as 512MiB'),
              maxAge: durationSchema().prefault('7d').describe('oldest backlog kept per uplink (default 7d): ms or text such as 36h'),
            })
            .strict()
            .prefault({})
            .describe('bounds of the backlog; beyond them the oldest data goes and a gap record reports it'),
          durability: z
            .enum(['full', 'normal'])
            .default('full')
            .describe('full (default): every write is fsynced; normal: the last writes may roll back on power loss'),
        })
        .strict()
        .prefault({})
        .describe('the durable outbox (SQLite) in stateDir'),
      uplinks: z.array(UplinkConfigSchema).default([]).describe('platforms to send to, each with its sharing level'),
      broker: BrokerConfigSchema.optional(),
      health: z
        .object({ listen: ListenAddressSchema.default('127.0.0.1:9465').describe('HTTP address of health and metrics (default 127.0.0.1:9465)') })
        .strict()
        .prefault({})
        .describe('liveness, readiness and Prometheus metrics over HTTP'),
      log: z
        .object({
          level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('log level (JSON on stderr)'),
        })
        .strict()
        .prefault({})
        .describe('logging'),
    })
    .strict()
    .superRefine((config, ctx) => checkAgentConfig(config, ctx, registry), { when: () => true })
    .describe('rongtong-agent configuration (agent.yaml)');
}

/**
 * The schema of `agent.yaml` (or JSON) for the source kinds of `registry` (the built-in
 * ones by default). It is the one definition of the config: `validate`, `run` and the JSON
 * Schema (`rongtong-agent schema`) all come from it. Cross-field rules (unique ids,
 * references, counters, TLS) are part of it, each issue with its field path.
 */
export function createAgentConfigSchema(registry: SourceRegistry = defaultSourceRegistry) {
  return agentConfigObject(registry);
}

/** The agent config schema for the built-in source kinds. */
export const AgentConfigSchema = createAgentConfigSchema();

/** A parsed agent config (defaults applied, sizes in bytes, durations in ms, secrets as `SecretRef`). */
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

/** An agent config as written (see {@link AgentConfigSchema}). */
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;
