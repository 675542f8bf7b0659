import type { Server } from '@grpc/grpc-js';

/**
 * Stops a gRPC server: `tryShutdown` (no new calls, running ones may finish), and
 * `forceShutdown` (every call cancelled) if that has not completed within `graceMs`.
 * Resolves once the server is down either way. The grace timer does not keep the
 * process alive.
 */
export function shutdownServer(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    timer.unref();
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
