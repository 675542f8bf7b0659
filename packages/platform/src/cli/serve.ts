import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { splitHostPort } from '@rongtong/core';
import { pino } from 'pino';
import { ensureOperatorToken } from '../auth/operator-token.js';
import { startMetricsServer, type MetricsServer } from '../metrics-server.js';
import { createPlatform } from '../platform.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { PlatformConfig } from './platform-config.js';

/** A running `rongtong-platform serve`. */
export interface RunningPlatform {
  readonly port: number;
  readonly metricsPort: number | undefined;
  /** Drains and closes everything (what SIGINT / SIGTERM do). */
  close(): Promise<void>;
}

/** Host and port of an address the config schema has already validated. */
function hostAndPort(address: string): { host: string; port: number } {
  const parsed = splitHostPort(address);
  if (!parsed) throw new RangeError(`not host:port: ${address}`);
  return parsed;
}

/** The SQLite file a `store` setting names, inside `dataDir` by default. */
export function sqlitePath(config: Pick<PlatformConfig, 'store' | 'dataDir'>): string {
  if (config.store === 'sqlite') return join(resolve(config.dataDir), 'platform.db');
  return config.store.slice('sqlite:'.length);
}

/**
 * Starts the platform of a config: store, operator credential, gRPC server, metrics.
 * Prints (to `out`) the address, and the operator token if one was just made — once.
 */
export async function servePlatform(config: PlatformConfig, env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<RunningPlatform> {
  const logger = pino({ level: config.log.level, redact: ['authorization', '*.authorization', 'token', '*.token', 'secret', '*.secret'] }, pino.destination(2));
  const path = sqlitePath(config);
  if (path !== ':memory:') mkdirSync(resolve(config.dataDir), { recursive: true });
  const store = createSqliteStore({ path, logger, durability: config.durability });
  const operator = await ensureOperatorToken({ store, secret: env.RONGTONG_ADMIN_TOKEN || undefined });
  if (operator.createdSecret) {
    out(`operator token (shown once; keep it, or set RONGTONG_ADMIN_TOKEN next time): ${operator.createdSecret}`);
  }
  const platform = createPlatform({ store, logger, limits: config.limits, capacity: config.capacity });
  const port = await platform.listen(config.listen, { tls: config.tls });
  let metrics: MetricsServer | undefined;
  if (config.metrics) {
    const { host, port: metricsPort } = hostAndPort(config.metrics.listen);
    metrics = await startMetricsServer(platform.metrics, host, metricsPort);
  }
  const { host } = hostAndPort(config.listen);
  out(`rongtong-platform listening on ${host}:${port}${config.tls ? ' (TLS)' : ''}; store ${path}${metrics ? `; metrics http://${hostAndPort(config.metrics!.listen).host}:${metrics.port}/metrics` : ''}`);
  let closing: Promise<void> | undefined;
  return {
    port,
    metricsPort: metrics?.port,
    close() {
      closing ??= (async () => {
        await platform.close();
        await metrics?.close();
        await store.close();
      })();
      return closing;
    },
  };
}
