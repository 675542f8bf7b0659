import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/**
 * The connection state of a device: `offline` is a simulated outage (`drop()`), which lasts
 * until `reconnect()`; `backoff` waits `reconnectMs` after an unwanted loss of the broker.
 */
export type DeviceLinkState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'offline' | 'closed';

/** The MQTT Will of a connection. */
export type DeviceWill = NonNullable<IClientOptions['will']>;

/** Options of {@link createDeviceLink}. */
export interface DeviceLinkOptions {
  readonly brokerUrl: string;
  /** Client id prefix; a random suffix keeps two simulators on one broker apart. */
  readonly clientIdPrefix: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly connectTimeoutMs: number;
  readonly reconnectMs: number;
  /** The Will of the next connection, asked before each CONNECT (Sparkplug: NDEATH with the next bdSeq). */
  readonly will?: () => DeviceWill;
  /** Called at each CONNACK, before anything else is sent on the connection. */
  readonly onConnect: (client: MqttClient) => void;
  /** Called when a connection ends (not after `stop()`), with the QoS 1 messages that were not acknowledged. */
  readonly onDisconnect?: (unacknowledged: readonly OutgoingMessage[]) => void;
  readonly onMessage?: (topic: string, payload: Buffer) => void;
}

/** A message to publish. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1;
}

/**
 * One MQTT connection of a simulated device (a DTU, an edge node): its own mqtt.js client per
 * connection (reconnects are this link's, so each CONNECT can carry a new Will), publishes that
 * are tracked until acknowledged, a simulated outage (`drop()` closes the socket without
 * DISCONNECT: the broker publishes the Will) and a clean stop.
 */
export interface DeviceLink {
  readonly clientId: string;
  readonly state: DeviceLinkState;
  /** Connects; resolves at the first CONNACK, rejects when the first attempt fails (the link is then closed). */
  start(): Promise<void>;
  /** Publishes when connected (true), else does nothing (false). */
  publish(message: OutgoingMessage): boolean;
  /** Resolves when every message published so far is acknowledged (QoS 1) or written (QoS 0), or the connection ended. */
  flush(): Promise<void>;
  /** A simulated outage: destroys the socket without DISCONNECT and stays offline until `reconnect()`. */
  drop(): void;
  /** Ends an outage (or a backoff) at once. */
  reconnect(): void;
  /** `before` publishes last messages (awaited, 2 s at most), then DISCONNECT; the Will is not published. */
  stop(before?: (client: MqttClient) => Promise<void>): Promise<void>;
}

const STOP_GRACE_MS = 2000;

/** Makes a {@link DeviceLink}; it connects at `start()`. */
export function createDeviceLink(options: DeviceLinkOptions): DeviceLink {
  const clientId = `${options.clientIdPrefix}-${randomBytes(3).toString('hex')}`;
  let state: DeviceLinkState = 'idle';
  let client: MqttClient | undefined;
  let backoffTimer: NodeJS.Timeout | undefined;
  /** Unacknowledged messages of the current connection, in publish order. */
  const inflight = new Map<number, OutgoingMessage>();
  let nextId = 0;
  /** `reconnect()` was called while the dropped socket was still closing. */
  let reconnectWhenClosed = false;
  let waiters: (() => void)[] = [];

  const settle = (): void => {
    if (inflight.size > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const connect = (first: boolean): Promise<void> => {
    state = 'connecting';
    const own = mqtt.connect(options.brokerUrl, {
      clientId,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 0,
      connectTimeout: options.connectTimeoutMs,
      queueQoSZero: false,
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.will === undefined ? {} : { will: options.will() }),
    });
    client = own;
    return new Promise<void>((resolve, reject) => {
      let connected = false;
      let lastError: Error | undefined;
      own.on('error', (err) => {
        lastError = err;
      });
      own.on('connect', () => {
        if (client !== own || state === 'closed' || state === 'offline') return;
        connected = true;
        state = 'connected';
        options.onConnect(own);
        resolve();
      });
      if (options.onMessage !== undefined) {
        const onMessage = options.onMessage;
        own.on('message', (topic, payload) => {
          if (client === own && state === 'connected') onMessage(topic, payload);
        });
      }
      own.once('close', () => {
        own.end(true);
        if (client !== own) return;
        client = undefined;
        const unacknowledged = [...inflight.values()];
        inflight.clear();
        settle();
        if (state === 'closed') return;
        if (connected) options.onDisconnect?.(unacknowledged);
        if (first && !connected) {
          state = 'closed';
          reject(lastError ?? new Error(`could not connect to ${options.brokerUrl}`));
          return;
        }
        if (state === 'offline') {
          if (!reconnectWhenClosed) return;
          reconnectWhenClosed = false;
          void connect(false).catch(() => undefined);
          return;
        }
        state = 'backoff';
        backoffTimer = setTimeout(() => {
          backoffTimer = undefined;
          if (state === 'backoff') void connect(false).catch(() => undefined);
        }, options.reconnectMs);
        backoffTimer.unref();
      });
    });
  };

  return {
    clientId,
    get state() {
      return state;
    },
    start: () => connect(true),
    publish(message) {
      const own = client;
      if (state !== 'connected' || own === undefined) return false;
      const id = nextId++;
      inflight.set(id, message);
      own.publish(message.topic, message.payload, { qos: message.qos, retain: false }, (err) => {
        // After a close the message was handed to onDisconnect already.
        if (client !== own || !inflight.has(id)) return;
        if (err === undefined || err === null) inflight.delete(id);
        settle();
      });
      return true;
    },
    flush() {
      if (inflight.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    drop() {
      if (state === 'closed') return;
      clearTimeout(backoffTimer);
      state = 'offline';
      reconnectWhenClosed = false;
      client?.stream.destroy();
    },
    reconnect() {
      if (state !== 'offline' && state !== 'backoff') return;
      clearTimeout(backoffTimer);
      backoffTimer = undefined;
      if (client === undefined) void connect(false).catch(() => undefined);
      else reconnectWhenClosed = true; // the dropped socket is still closing: its close handler reconnects
    },
    async stop(before) {
      if (state === 'closed') return;
      const wasConnected = state === 'connected';
      state = 'closed';
      clearTimeout(backoffTimer);
      const own = client;
      if (own === undefined) return;
      if (wasConnected && before !== undefined) {
        await Promise.race([before(own).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      }
      client = undefined;
      inflight.clear();
      settle();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => own.end(true, () => resolve()), STOP_GRACE_MS);
        own.end(false, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
