import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentConfigSchema, type AgentConfig, type AgentConfigInput } from '../../src/config/agent-config-schema.js';
import type { OutboxStats } from '../../src/outbox/outbox.js';
import { runAgent, type RunAgentOptions, type RunningAgent } from '../../src/run/run-agent.js';
import type { TestAgent } from './uplink-platform.js';

/** An agent started in-process with `runAgent`, its state in a temp dir. */
export interface TestAgentRun {
  readonly agent: RunningAgent;
  readonly config: AgentConfig;
  /** The temp state dir (outbox databases). */
  readonly dir: string;
  /** The backlog of one uplink's outbox. */
  readonly backlog: (uplink: string) => Promise<OutboxStats>;
  /** Stops the agent (idempotent) and deletes the temp dir. */
  readonly close: () => Promise<void>;
}

/**
 * Parses `config` (its `stateDir` replaced by a fresh temp dir) and runs the agent with one
 * enrolment per uplink: `enrolled` maps each `config.uplinks[].name` to an agent enrolled
 * with the test platform that uplink points at.
 */
export async function startTestAgent(
  config: Omit<AgentConfigInput, 'stateDir'>,
  enrolled: Readonly<Record<string, TestAgent>>,
  options: Partial<Pick<RunAgentOptions, 'drainMs' | 'logger' | 'onUplinkFatal'>> = {},
): Promise<TestAgentRun> {
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-acceptance-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const parsed = AgentConfigSchema.parse({ ...config, stateDir: dir });
    const enrollments = new Map(
      Object.entries(enrolled).map(([name, a]) => [name, { agentId: a.id, token: a.token, privateKeyPem: a.privateKeyPem, outboxPath: join(dir, `${name}.db`) }]),
    );
    const agent = await runAgent({ config: parsed, enrollments, agentVersion: '0.1.0', ...options });
    return {
      agent,
      config: parsed,
      dir,
      async backlog(uplink) {
        const stats = (await agent.backlog()).get(uplink);
        if (stats === undefined) throw new Error(`the agent has no uplink "${uplink}"`);
        return stats;
      },
      async close() {
        try {
          await agent.stop();
        } finally {
          remove();
        }
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}

/** True once an outbox holds nothing: no pending records, no sealed unacknowledged batches. */
export const outboxEmpty = (stats: OutboxStats): boolean => stats.pendingRecords === 0 && stats.sealedBatches === 0;
