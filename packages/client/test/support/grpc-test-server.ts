import * as grpc from '@grpc/grpc-js';

/** A real grpc-js server on 127.0.0.1 that can be stopped and started again on the same port. */
export interface GrpcTestServer {
  /** The port, fixed at the first start. */
  readonly port: number;
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  /** Drops every connection and stream at once (like a crash), keeping the port for `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

/** Options of `startGrpcTestServer`. */
export interface GrpcTestServerOptions {
  /** Registers the services on a fresh `grpc.Server` (called at every start). */
  readonly register: (server: grpc.Server) => void;
  /** Default: insecure. */
  readonly credentials?: grpc.ServerCredentials;
}

function bind(server: grpc.Server, port: number, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, credentials, (error, bound) => (error ? reject(error) : resolve(bound)));
  });
}

/** Starts a server on 127.0.0.1:0 with the services `register` adds. */
export async function startGrpcTestServer(options: GrpcTestServerOptions): Promise<GrpcTestServer> {
  const credentials = options.credentials ?? grpc.ServerCredentials.createInsecure();
  const make = (): grpc.Server => {
    const server = new grpc.Server();
    options.register(server);
    return server;
  };
  let server: grpc.Server | undefined = make();
  const port = await bind(server, 0, credentials);
  const stop = (): Promise<void> => {
    server?.forceShutdown();
    server = undefined;
    return Promise.resolve();
  };
  return {
    port,
    address: `127.0.0.1:${port}`,
    stop,
    async start(): Promise<void> {
      if (server !== undefined) return;
      const next = make();
      await bind(next, port, credentials);
      server = next;
    },
    close: stop,
  };
}
