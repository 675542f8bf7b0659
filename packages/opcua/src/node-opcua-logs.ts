import { format } from 'node:util';
import { setErrorLogger, setWarningLogger } from 'node-opcua';
import type { OpcuaLogger } from './opcua-logger.js';

/**
 * Sends node-opcua's own warnings and errors — which it otherwise prints on the console (a
 * refused certificate with its whole DER, "creating default certificate", …) — to `logger`:
 * warnings at `debug` (the source reports what matters itself), errors at `warn`, each with
 * `component: 'node-opcua'`. Process-wide (node-opcua has one logger per process): the agent
 * calls it once at start, a library never does.
 */
export function routeNodeOpcuaLogs(logger: OpcuaLogger): void {
  const line = (args: unknown[]) => format(...args.map((a) => (typeof a === 'string' ? a.trim() : a))).replace(/\s+/g, ' ').trim();
  setWarningLogger((...args: unknown[]) => logger.debug({ component: 'node-opcua' }, line(args)));
  setErrorLogger((...args: unknown[]) => logger.warn({ component: 'node-opcua' }, line(args)));
}
