import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { Aedes } from 'aedes';

/** An in-process aedes broker (MQTT 3.1.1) on 127.0.0.1, for agent tests of `mqtt` sources. */
export interface TestMqttBroker {
  /** `mqtt://127.0.0.1:<port>`. */
  readonly url: string;
  readonly aedes: Aedes;
  /**
   * Publishes a message as the broker (no client needed): a string or Buffer as is, anything
   * else as JSON. Resolves once aedes has handed it to the matching subscriptions.
   */
  publish(topic: string, payload: unknown, qos?: 0 | 1): Promise<void>;
  /** Closes the broker, its client connections and the listener. */
  close(): Promise<void>;
}

/** Starts an aedes broker on 127.0.0.1 on a free port. Close it when done. */
export async function startTestMqttBroker(): Promise<TestMqttBroker> {
  const aedes = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    aedes,
    publish(topic, payload, qos = 1) {
      const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? Buffer.from(payload) : Buffer.from(JSON.stringify(payload));
      return new Promise((resolve, reject) => {
        aedes.publish({ cmd: 'publish', topic, payload: body, qos, retain: false, dup: false }, (err) => (err ? reject(err) : resolve()));
      });
    },
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
