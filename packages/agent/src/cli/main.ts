#!/usr/bin/env node
/**
 * `rongtong-agent` — the Rongtong edge agent's command line (see `run-cli.ts` for the commands).
 *
 *   rongtong-agent enroll --platform host:port --token T --uplink NAME [--ca file | --insecure] [--config f]
 *   rongtong-agent run --config agent.yaml
 *   rongtong-agent validate --config agent.yaml [--resolve] [--json]
 *   rongtong-agent schema
 *   rongtong-agent status [--config agent.yaml | --health host:port]
 *   rongtong-agent trust list | accept <thumbprint> | reject <thumbprint> [--config agent.yaml [--source id] | --pki-dir dir]
 *   rongtong-agent discover opc.tcp://host:port [--security-mode M] [--username U] [--config agent.yaml | --pki-dir dir] [--out file]
 *   rongtong-agent help [command]
 *
 * Exit codes: 0 ok, 1 failure, 2 invalid usage or configuration.
 */
import { routeNodeOpcuaLogs } from '@rongtong/opcua';
import { pino } from 'pino';
import { runCli } from './run-cli.js';

// node-opcua (loaded with the opcua source kind) prints its own warnings on stdout, which would
// corrupt `schema` and `--json` output: until `run` routes them to its logger, its warnings
// are dropped and its errors go to stderr as JSON lines. Process-wide, so here, once.
routeNodeOpcuaLogs(pino({ level: 'warn' }, pino.destination(2)));

/**
 * Ends a command that has finished once its output is written. Every command loads node-opcua
 * (the opcua source kind's config schema comes with it), whose start-up self-test on Node 20
 * and 21 generates an RSA-4096 key pair in the background — about a second of CPU (more on a busy
 * machine) that would keep a short command (validate, schema, status, trust, …) alive after its
 * work. `run` is left to
 * end on its own, so anything its stop leaves running still shows.
 */
function exitWhenWritten(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

const argv = process.argv.slice(2);
runCli(argv, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
    if (argv[0] !== 'run') exitWhenWritten(code);
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
