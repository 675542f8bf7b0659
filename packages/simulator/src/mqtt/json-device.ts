import { createDeviceLink, type DeviceLink, type DeviceLinkOptions, type DeviceLinkState, type OutgoingMessage } from './device-link.js';
import type { DeviceReading, ReadingTrigger } from './device-telemetry.js';
import { jsonTelemetry } from './json-payload.js';
import type { ResolvedJsonDevice } from './mqtt-simulator-options.js';

/** Counters of one simulated device's messages. */
export interface MqttDeviceStats {
  /** The state of its broker connection. */
  readonly connection: DeviceLinkState;
  /** Messages handed to the broker connection (republished ones counted again). */
  readonly published: number;
  /** Messages waiting for the connection to come back (JSON store-and-forward). */
  readonly buffered: number;
  /** Messages lost: not sent while disconnected (store-and-forward off or full), or left in the buffer at stop. */
  readonly dropped: number;
  /** Connections the broker accepted. */
  readonly connections: number;
}

/** Options of {@link createJsonDevice}. */
export interface JsonDeviceOptions {
  readonly device: ResolvedJsonDevice;
  readonly topic: string;
  readonly utcOffsetMinutes: number;
  /** Most messages kept while disconnected (0: store-and-forward off). */
  readonly storeAndForwardMax: number;
  readonly link: Omit<DeviceLinkOptions, 'onConnect' | 'onDisconnect' | 'will' | 'onMessage' | 'clientIdPrefix'>;
}

/** A simulated 4G DTU publishing its machine's JSON telemetry (QoS 1) on one topic. */
export interface JsonDevice {
  readonly link: DeviceLink;
  /** Publishes a reading (or keeps it while disconnected). */
  publish(reading: DeviceReading, trigger: ReadingTrigger): void;
  stats(): MqttDeviceStats;
  /** Disconnects cleanly; messages still buffered are dropped (counted). */
  stop(): Promise<void>;
}

/** Makes a {@link JsonDevice}; its link connects at `link.start()`. */
export function createJsonDevice(options: JsonDeviceOptions): JsonDevice {
  const { device, topic } = options;
  const buffer: OutgoingMessage[] = [];
  let published = 0;
  let dropped = 0;
  let connections = 0;

  const keep = (messages: readonly OutgoingMessage[], atFront: boolean): void => {
    if (options.storeAndForwardMax === 0) {
      dropped += messages.length;
      return;
    }
    if (atFront) buffer.unshift(...messages);
    else buffer.push(...messages);
    const excess = buffer.length - options.storeAndForwardMax;
    if (excess > 0) {
      buffer.splice(0, excess); // the oldest go first
      dropped += excess;
    }
  };

  const send = (message: OutgoingMessage): boolean => {
    if (!link.publish(message)) return false;
    published++;
    return true;
  };

  const link: DeviceLink = createDeviceLink({
    ...options.link,
    clientIdPrefix: `rtsim-${device.id}`,
    onConnect() {
      connections++;
      // Store-and-forward: what waited goes first, in order, with its original timestamps.
      while (buffer.length > 0) {
        const next = buffer[0] as OutgoingMessage;
        if (!send(next)) return;
        buffer.shift();
      }
    },
    onDisconnect(unacknowledged) {
      // At least once: a message whose PUBACK was lost may reach the broker twice.
      keep(unacknowledged, true);
    },
  });

  return {
    link,
    publish(reading, trigger) {
      const payload = Buffer.from(JSON.stringify(jsonTelemetry(device, reading, trigger, options.utcOffsetMinutes)));
      const message: OutgoingMessage = { topic, payload, qos: 1 };
      if (buffer.length > 0 || !send(message)) keep([message], false);
    },
    stats: () => ({ connection: link.state, published, buffered: buffer.length, dropped, connections }),
    async stop() {
      await link.stop(() => link.flush());
      dropped += buffer.length;
      buffer.length = 0;
    },
  };
}
