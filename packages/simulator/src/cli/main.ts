#!/usr/bin/env node
/**
 * `rongtong-sim` — simulated machines for demos, tests and benchmarks (see `run-cli.ts`).
 *
 *   rongtong-sim opcua --port P --machines cnc:2,packml:1,legacy:1 [--speed N] [--seed S] [--host H]
 *                      [--pki-dir DIR] [--start ISO-TIME] [--truth-out FILE]
 *   rongtong-sim mqtt --broker URL --devices json:2,sparkplug:1 [--speed N] [--seed S] [--group G]
 *                     [--edge-node NAME] [--prefix P] [--interval SECONDS] [--start ISO-TIME]
 *                     [--truth-out FILE] [--agent-config-out FILE]
 *   rongtong-sim help [command]
 *
 * Exit codes: 0 ok, 1 failure, 2 invalid usage.
 */
import { runCli } from './run-cli.js';

// node-opcua prints its warnings with console.log; send them to stderr so that standard output
// carries only this command's output (the endpoint, the machines, the ground truth JSON).
const stdoutLine = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
console.log = (...args: unknown[]) => console.error(...args);

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

runCli(process.argv.slice(2), { out: stdoutLine, err: (text) => console.error(text), untilStopped }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
