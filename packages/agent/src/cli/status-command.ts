import { splitHostPort } from '@rongtong/core';
import { loadAgentConfig } from '../config/config-file.js';
import type { AgentSnapshot } from '../health/agent-snapshot.js';
import { readinessOf } from '../health/readiness.js';
import { formatStatusSummary } from '../health/status-summary.js';
import { parseCliArgs, UsageError } from '@rongtong/runtime';
import type { Command } from './command.js';

const USAGE = `usage: rongtong-agent status [--config agent.yaml | --health host:port]
Asks a running agent for its status (GET /status on its health address) and prints sources,
uplinks (state, backlog, last ack) and dropped counts.
  --config   read the health address from health.listen (default 127.0.0.1:9465)
  --health   the health address to ask, e.g. 127.0.0.1:9465
Exit code 0 when the agent is ready, 1 when it is not or does not answer, 2 on usage errors.`;

/** How long to wait for the agent to answer. */
const TIMEOUT_MS = 5000;

/** The address to ask: `--health`, else the config's `health.listen`, else the default. */
function healthAddress(args: Record<string, unknown>): { host: string; port: number } {
  if (args.health !== undefined && args.config !== undefined) throw new UsageError(`give --config or --health, not both\n${USAGE}`);
  let text = '127.0.0.1:9465';
  if (typeof args.health === 'string') text = args.health;
  else if (typeof args.config === 'string') text = loadAgentConfig(args.config).config.health.listen;
  const address = splitHostPort(text);
  if (address === undefined || address.port === 0) throw new UsageError(`--health must be host:port with a port 1–65535, got "${text}"\n${USAGE}`);
  // An agent listening on every interface answers on loopback.
  if (address.host === '0.0.0.0') return { host: '127.0.0.1', port: address.port };
  if (address.host === '::') return { host: '::1', port: address.port };
  return address;
}

function isSnapshot(body: unknown): body is AgentSnapshot {
  const b = body as Partial<AgentSnapshot> | null;
  return typeof b === 'object' && b !== null && Array.isArray(b.sources) && Array.isArray(b.uplinks) && typeof b.dropped === 'object';
}

/** `rongtong-agent status`: a running agent's sources, uplinks and drops; exit 0 when ready. */
export const statusCommand: Command = {
  name: 'status',
  summary: "print a running agent's sources, uplinks, backlog and drops",
  usage: USAGE,
  async run(argv, io) {
    const args = parseCliArgs(argv, { config: 'string', health: 'string' });
    const { host, port } = healthAddress(args);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/status`;
    let body: unknown;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = await res.json();
    } catch (err) {
      const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      io.err(`no agent answered at ${url}: ${reason}`);
      io.err('is the agent running, and is this its health.listen address?');
      return 1;
    }
    if (!isSnapshot(body)) {
      io.err(`${url} did not return an agent status`);
      return 1;
    }
    const readiness = readinessOf(body);
    for (const line of formatStatusSummary(body, readiness)) io.out(line);
    return readiness.ready ? 0 : 1;
  },
};
