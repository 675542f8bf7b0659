import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { Aedes, type AedesOptions } from 'aedes';
import mqtt from 'mqtt';
import type { IClientPublishOptions, MqttClient } from 'mqtt';

/** Options of {@link startTestBroker}. */
export interface TestBrokerOptions {
  /** Port to listen on (default 0: any free port). */
  readonly port?: number;
  /** aedes options (authenticate hook, …). */
  readonly aedes?: AedesOptions;
  /** TLS server options: listen with TLS (mqtts://) instead of plain TCP. */
  readonly tls?: TlsOptions;
}

/** An aedes broker (MQTT 3.1.1) on 127.0.0.1, for integration tests. */
export interface TestBroker {
  /** `mqtt://127.0.0.1:<port>` (or `mqtts://`). */
  readonly url: string;
  readonly port: number;
  readonly aedes: Aedes;
  /** Closes the broker, its client connections and the listener. */
  close(): Promise<void>;
}

/** Starts an aedes broker on 127.0.0.1 (port 0 by default). Close it in `afterAll`/`finally`. */
export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const aedes = await Aedes.createBroker(options.aedes);
  const sockets = new Set<Socket>();
  const handle = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  };
  const server: Server = options.tls ? createTlsServer(options.tls, handle) : createNetServer(handle);
  // A TLS handshake the server refuses is an expected outcome of some tests, not a crash.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    aedes,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A free TCP port on 127.0.0.1 with nothing listening on it (for "broker unreachable"). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A publishing client. */
export interface TestPublisher {
  /** Publishes (JSON-encoding non-string, non-Buffer payloads) and waits for the broker's acknowledgement (QoS 1, 2). */
  publish(topic: string, payload: unknown, options?: IClientPublishOptions): Promise<void>;
  close(): Promise<void>;
}

/** Connects an mqtt.js publisher (MQTT 3.1.1 unless `protocolVersion` says otherwise). */
export async function connectPublisher(url: string, options: { protocolVersion?: 4 | 5; clientId?: string } = {}): Promise<TestPublisher> {
  const client: MqttClient = await mqtt.connectAsync(url, {
    protocolVersion: options.protocolVersion ?? 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
  });
  return {
    async publish(topic, payload, publishOptions = { qos: 1 }) {
      const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
      await client.publishAsync(topic, body, publishOptions);
    },
    async close() {
      await client.endAsync();
    },
  };
}

/** Connects an mqtt.js publisher over mutual TLS with the test certificates. */
export async function connectPublisherTls(url: string, pki: { ca: { cert: string }; client: { cert: string; key: string } }): Promise<TestPublisher> {
  const client: MqttClient = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ca: pki.ca.cert,
    cert: pki.client.cert,
    key: pki.client.key,
    servername: 'localhost',
  });
  return {
    async publish(topic, payload, publishOptions = { qos: 1 }) {
      const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
      await client.publishAsync(topic, body, publishOptions);
    },
    async close() {
      await client.endAsync();
    },
  };
}
