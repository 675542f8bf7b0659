#!/usr/bin/env node
/**
 * `rongtong-agent` — the Rongtong edge agent's command line (see `run-cli.ts` for the commands).
 *
 *   rongtong-agent enroll --platform host:port --token T --uplink NAME [--ca file | --insecure] [--config f]
 *   rongtong-agent run --config agent.yaml
 *   rongtong-agent validate --config agent.yaml [--resolve] [--json]
 *   rongtong-agent schema
 *   rongtong-agent help [command]
 *
 * Exit codes: 0 ok, 1 failure, 2 invalid usage or configuration.
 */
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
