import type { AgentSnapshot } from './agent-snapshot.js';

/** Whether the agent is ready, and if not, what is not. */
export interface Readiness {
  readonly ready: boolean;
  /** One line per source or uplink that is not ready, e.g. `source plc1: backoff`. */
  readonly notReady: readonly string[];
}

/**
 * Readiness (`/readyz`, `rongtong-agent status`): every source is `connected`, and every
 * uplink is `connected` or in `backoff` (retrying on its own) without a fatal error.
 */
export function readinessOf(snapshot: AgentSnapshot): Readiness {
  const notReady: string[] = [];
  for (const s of snapshot.sources) if (s.state !== 'connected') notReady.push(`source ${s.id}: ${s.state}`);
  for (const u of snapshot.uplinks) {
    if (u.fatal !== null) notReady.push(`uplink ${u.name}: fatal ${u.fatal.code}: ${u.fatal.message}`);
    else if (u.state !== 'connected' && u.state !== 'backoff') notReady.push(`uplink ${u.name}: ${u.state}`);
  }
  return { ready: notReady.length === 0, notReady };
}
