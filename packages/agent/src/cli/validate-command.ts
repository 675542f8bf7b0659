import { basename } from 'node:path';
import type { AgentConfig } from '../config/agent-config-schema.js';
import { checkConfigReferences } from '../config/check-references.js';
import { validateAgentConfigFile } from '../config/config-file.js';
import { formatProblem } from '../config/config-problem.js';
import { parseCliArgs, UsageError } from '@rongtong/runtime';
import type { Command } from './command.js';

const USAGE = `usage: rongtong-agent validate --config agent.yaml [--resolve] [--json]
Checks a config file (YAML or JSON) and prints every error as "path: reason" on stderr.
  --resolve  also read every secret ({ env } / { file }) and TLS file, as the agent would at start
  --json     print { valid, errors, warnings } as JSON on stdout instead
Exit code 0 when valid (warnings do not count), 2 when not.`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line about a valid config: what it wires together. */
function summary(file: string, config: AgentConfig, warnings: number): string {
  const kinds = [...new Set(config.sources.map((s) => s.kind))].join(', ');
  const sharing = config.uplinks.map((u) => u.sharing).join(', ');
  return (
    `${file}: valid — ${plural(config.sources.length, 'source')} (${kinds}), ${plural(config.signals.length, 'signal')}, ` +
    `${config.equipment.length} equipment, ${plural(config.uplinks.length, 'uplink')}${sharing ? ` (${sharing})` : ''}` +
    (warnings > 0 ? `; ${plural(warnings, 'warning')}` : '')
  );
}

/** `rongtong-agent validate --config f`: every error with its field path; exit 2 when invalid. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check agent.yaml and print every error with its field path',
  usage: USAGE,
  run(argv, io) {
    const args = parseCliArgs(argv, { config: 'string', resolve: 'boolean', json: 'boolean' });
    const file = args.config;
    if (typeof file !== 'string' || file === '') throw new UsageError(`--config is required\n${USAGE}`);
    const report = validateAgentConfigFile(file);
    const errors = [...report.errors];
    if (report.config !== undefined && args.resolve === true) errors.push(...checkConfigReferences(report.config, { env: io.env }));
    const valid = errors.length === 0;
    if (args.json === true) {
      io.out(JSON.stringify({ valid, errors, warnings: report.warnings }, null, 2));
      return Promise.resolve(valid ? 0 : 2);
    }
    for (const w of report.warnings) io.err(`warning: ${formatProblem(w)}`);
    if (!valid || report.config === undefined) {
      for (const e of errors) io.err(formatProblem(e));
      io.err(`${basename(file)}: ${plural(errors.length, 'error')}`);
      return Promise.resolve(2);
    }
    io.out(summary(basename(file), report.config, report.warnings.length));
    return Promise.resolve(0);
  },
};
