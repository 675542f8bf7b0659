import { routeNodeOpcuaLogs } from '@rongtong/opcua';
import { pino } from 'pino';
import { parseCliArgs, UsageError } from '@rongtong/runtime';
import type { AgentConfig } from '../config/agent-config-schema.js';
import { loadAgentConfig } from '../config/config-file.js';
import { formatProblem } from '../config/config-problem.js';
import { resolveSecret } from '../config/resolve-secret.js';
import { runAgent, type RunningAgent, type RunUplinkEnrollment } from '../run/run-agent.js';
import { brokerStateDir } from '../run/agent-broker.js';
import { readEnrollment, uplinkStatePaths } from './agent-state.js';
import type { CliIo, Command } from './command.js';
import { AGENT_VERSION } from './agent-version.js';

const USAGE = `usage: rongtong-agent run --config agent.yaml
Runs the agent: sources → pipeline → outboxes → uplinks, until SIGINT or SIGTERM, which stop the
sources, flush the pipeline, drain the uplinks briefly and close the outboxes (exit 0).
Every uplink must be enrolled first (rongtong-agent enroll). Logs are JSON lines on stderr.
Exit code 0 after a clean stop, 1 on a failure at start, 2 on invalid usage or config.`;


/** The enrolment of every uplink, with the config's `token` secret taking precedence. */
function enrollments(config: AgentConfig, io: CliIo): Map<string, RunUplinkEnrollment> {
  return new Map(
    config.uplinks.map((u, i) => {
      const { credentials, privateKeyPem } = readEnrollment(config.stateDir, u.name);
      const token = u.token === undefined ? credentials.token : resolveSecret(u.token, `uplinks.${i}.token`, { env: io.env });
      return [u.name, { agentId: credentials.agentId, token, privateKeyPem, outboxPath: uplinkStatePaths(config.stateDir, u.name).outbox }];
    }),
  );
}

/** The start-up summary: sources, signals, uplinks with level, backlog. */
async function summary(config: AgentConfig, agent: RunningAgent): Promise<string[]> {
  const backlog = await agent.backlog();
  const uplinks = config.uplinks.map((u) => {
    const b = backlog.get(u.name);
    return `  uplink ${u.name} → ${u.platform} (${u.sharing}): backlog ${b?.pendingRecords ?? 0} pending records, ${b?.sealedBatches ?? 0} unacknowledged batches`;
  });
  const sources = config.sources.map((s) => `${s.id} (${s.kind})`).join(', ');
  return [
    `rongtong-agent "${config.agent.name}" running: ${config.sources.length} source(s): ${sources}; ${config.signals.length} signal(s)`,
    ...(uplinks.length > 0 ? uplinks : ['  no uplinks: data stays in this process only']),
  ];
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
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

/** `rongtong-agent run --config f`: runs the agent until SIGINT/SIGTERM. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run the agent until SIGINT or SIGTERM',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCliArgs(argv, { config: 'string' });
    const file = args.config;
    if (typeof file !== 'string' || file === '') throw new UsageError(`--config is required\n${USAGE}`);
    const { config, warnings } = loadAgentConfig(file);
    for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
    const logger = pino({ level: config.log.level, redact: ['token', '*.token', 'privateKeyPem'] }, pino.destination(2));
    // node-opcua has one logger per process: its warnings (debug here) and errors join the agent's log.
    routeNodeOpcuaLogs(logger);
    const enrolled = enrollments(config, io);
    const stopped = untilSignal();
    const agent = await runAgent({
      config,
      enrollments: enrolled,
      agentVersion: AGENT_VERSION,
      logger,
      healthServer: true,
      onUplinkFatal: (name, code, message) => io.err(`uplink "${name}" stopped: ${code}: ${message} (the other uplinks keep running)`),
    });
    for (const line of await summary(config, agent)) io.out(line);
    if (agent.broker !== undefined) io.out(`embedded MQTT broker: ${agent.broker.url} (${config.broker?.users.length ?? 0} user(s); state in ${brokerStateDir(config.stateDir)})`);
    const healthHost = config.health.listen.slice(0, config.health.listen.lastIndexOf(':'));
    io.out(`health: http://${healthHost}:${agent.healthPort}/status (also /healthz, /readyz, /metrics)`);
    const signal = await stopped;
    io.out(`${signal}: stopping`);
    await agent.stop();
    const stats = agent.pipeline.stats();
    io.out(`stopped: ${stats.samples} samples in ${stats.batches} batches`);
    return 0;
  },
};
