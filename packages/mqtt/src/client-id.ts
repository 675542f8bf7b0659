import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The default MQTT client id of a source: `rt` + 21 hex digits of SHA-256(host name, source
 * id). Stable across restarts on the same host (so a persistent session is found again),
 * different between hosts (two agents do not take over each other's connection), and 23
 * characters from `[0-9a-z]` — the client ids every MQTT 3.1.1 broker must accept (aedes
 * accepts no longer ones by default).
 */
export function defaultClientId(sourceId: string, host: string = hostname()): string {
  return `rt${createHash('sha256').update(`${host}\n${sourceId}`).digest('hex').slice(0, 21)}`;
}
