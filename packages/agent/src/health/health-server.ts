import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '@rongtong/core';
import { agentMetricFamilies } from './agent-metrics.js';
import type { AgentSnapshot } from './agent-snapshot.js';
import { formatPrometheusText, PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';
import { readinessOf } from './readiness.js';

/** Options of `startAgentHealthServer`. */
export interface AgentHealthServerOptions {
  /** Host to bind; `127.0.0.1` by default. A non-loopback host needs `allowRemote`. */
  readonly host?: string;
  /** Port to bind; 0 picks a free one. */
  readonly port: number;
  /** Serve on a non-loopback host (health and metrics are then reachable from the network). */
  readonly allowRemote?: boolean;
  /** Takes a snapshot of the agent; called once per request that needs one. */
  readonly snapshot: () => Promise<AgentSnapshot>;
}

/** A running health server. */
export interface AgentHealthServer {
  /** Bound port. */
  readonly port: number;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body, null, 2)}\n`);

async function answer(req: IncomingMessage, res: ServerResponse, snapshot: () => Promise<AgentSnapshot>): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  switch (path) {
    case '/healthz':
      return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
    case '/readyz': {
      const readiness = readinessOf(await snapshot());
      return json(res, readiness.ready ? 200 : 503, readiness);
    }
    case '/status': {
      const snap = await snapshot();
      return json(res, 200, { ...snap, readiness: readinessOf(snap) });
    }
    case '/metrics':
      return send(res, 200, PROMETHEUS_CONTENT_TYPE, formatPrometheusText(agentMetricFamilies(await snapshot())));
    default:
      return send(res, 404, 'text/plain; charset=utf-8', 'not found; try /healthz, /readyz, /status or /metrics\n');
  }
}

/**
 * Serves the agent's health over plain HTTP (issue 4 point 6): `GET /healthz` (liveness,
 * 200 while the process runs), `GET /readyz` (200 when ready, else 503 with what is not),
 * `GET /status` (the JSON snapshot plus its readiness) and `GET /metrics` (Prometheus text).
 * Binds loopback unless `allowRemote` is set.
 */
export async function startAgentHealthServer(options: AgentHealthServerOptions): Promise<AgentHealthServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new Error(`health server host "${host}" is not loopback; set allowRemote: true to serve health and metrics to the network`);
  }
  const server = createServer((req, res) => {
    answer(req, res, options.snapshot).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `snapshot failed: ${err instanceof Error ? err.message : String(err)}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
