import { generatorSourceFactory } from './generator/generator-factory.js';
import { mqttSourceFactory } from './mqtt/mqtt-factory.js';
import { opcuaSourceFactory } from './opcua/opcua-factory.js';
import { sparkplugSourceFactory } from './sparkplug/sparkplug-factory.js';
import type { SourceFactory } from './source-factory.js';
import { createSourceRegistry, type SourceRegistry } from './source-registry.js';

/**
 * The source kinds every agent knows: `generator` (simulated signals), `mqtt` (JSON on MQTT
 * topics) and `sparkplug` (a Sparkplug B host application), both from `@rongtong/mqtt`, and
 * `opcua` (an OPC UA server, from `@rongtong/opcua`). A vendor's own kinds are added with
 * `createSourceRegistry([...builtInSourceFactories, theirFactory])`.
 */
export const builtInSourceFactories: readonly SourceFactory[] = [generatorSourceFactory, mqttSourceFactory, sparkplugSourceFactory, opcuaSourceFactory];

/** The registry of the built-in kinds, used when no other registry is given. */
export const defaultSourceRegistry: SourceRegistry = createSourceRegistry(builtInSourceFactories);
