import { generatorSourceFactory } from './generator/generator-factory.js';
import { mqttSourceFactory } from './mqtt/mqtt-factory.js';
import type { SourceFactory } from './source-factory.js';
import { createSourceRegistry, type SourceRegistry } from './source-registry.js';

/**
 * The source kinds every agent knows: `generator` (simulated signals) and `mqtt` (JSON on
 * MQTT topics, from `@rongtong/mqtt`). OPC UA (`opcua`) and Sparkplug B (`sparkplug`) join
 * this list when their packages land; a vendor's own kinds are added with
 * `createSourceRegistry([...builtInSourceFactories, theirFactory])`.
 */
export const builtInSourceFactories: readonly SourceFactory[] = [generatorSourceFactory, mqttSourceFactory];

/** The registry of the built-in kinds, used when no other registry is given. */
export const defaultSourceRegistry: SourceRegistry = createSourceRegistry(builtInSourceFactories);
