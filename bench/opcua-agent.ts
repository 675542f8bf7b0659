/**
 * The Rongtong side of the OPC UA benchmark: a platform in the bench process (file-backed SQLite
 * store, plaintext gRPC on loopback), `rongtong-agent enroll`, and `rongtong-agent run` in a
 * child process with one opcua source of the given items (raw uplink to the platform).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@rongtong/client';
import { createPlatform, createSqliteStore, ensureOperatorToken, type Store } from '@rongtong/platform';
import { batchPayloadCodec } from '@rongtong/protocol';
import { MeasuredProcess } from './opcua-process.js';

const exec = promisify(execFile);
const OPERATOR = 'bench-operator-secret-0123456789';
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** How `@rongtong/testkit`'s `tsCliNodeArgs` runs a CLI from a checkout: workspace sources through tsx. */
export const TS_NODE_ARGS = ['--conditions=@rongtong/source', '--import', 'tsx'];
const agentMain = join(repoRoot, 'packages', 'agent', 'src', 'cli', 'main.ts');

/** A platform on a loopback port with an operator credential. */
export interface BenchPlatform {
  readonly store: Store;
  readonly address: string;
  /** Enrols uplink `raw` of an agent with state in `stateDir` through the real CLI. */
  enroll(stateDir: string): Promise<{ agentId: string; tenantId: string }>;
  /** What the store holds for the agent's bulk signals (see {@link StoredBulk}). */
  stored(agent: { agentId: string; tenantId: string }, itemCount: number): Promise<StoredBulk>;
  close(): Promise<void>;
}

/** The raw samples a store holds for an agent reading `itemCount` bulk variables (signals `bulk/00042`). */
export interface StoredBulk {
  readonly samples: number;
  /** Distinct signals with at least one value that belongs to them. */
  readonly signals: number;
  /** Values that are not a number of their variable (value mod count ≠ index), or of another signal. */
  readonly wrong: number;
  /** Changes skipped between two stored values of a signal (each value numbers its change): values lost. */
  readonly lost: number;
}

/** Starts a platform over a SQLite store in `dir`. */
export async function startBenchPlatform(dir: string): Promise<BenchPlatform> {
  const store = createSqliteStore({ path: join(dir, 'platform.db') });
  const platform = createPlatform({ store });
  try {
    const address = `127.0.0.1:${await platform.listen('127.0.0.1:0')}`;
    await ensureOperatorToken({ store, secret: OPERATOR });
    return {
      store,
      address,
      async enroll(stateDir) {
        const admin = createClient({ address, token: OPERATOR, tls: false });
        let secret: string;
        try {
          const { tenant } = await admin.admin.createTenant({ tenant: { name: 'bench' } });
          const { enterprise } = await admin.admin.createEnterprise({
            tenantId: tenant!.id,
            enterprise: { unifiedSocialCreditCode: '91350100M000100Y43', name: '基准测试企业', chainLeader: false },
          });
          ({ secret } = await admin.admin.issueEnrollmentToken({ enterpriseId: enterprise!.id, ttl: { seconds: '600' } }));
        } finally {
          admin.close();
        }
        await exec(process.execPath, [...TS_NODE_ARGS, agentMain, 'enroll', '--platform', address, '--token', secret, '--insecure', '--uplink', 'raw', '--state-dir', stateDir], {
          cwd: repoRoot,
          timeout: 60_000,
        });
        return JSON.parse(readFileSync(join(stateDir, 'uplinks', 'raw', 'credentials.json'), 'utf8')) as { agentId: string; tenantId: string };
      },
      async stored({ agentId, tenantId }, itemCount) {
        const batches = await store.getBatches(tenantId, agentId, 1n, 1_000_000_000n);
        const last = new Float64Array(itemCount).fill(-1);
        let [samples, signals, wrong, lost] = [0, 0, 0, 0];
        for (const b of batches) {
          for (const s of batchPayloadCodec.decode(b.payload).samples) {
            samples += 1;
            const index = Number(/^bulk\/(\d{5})$/.exec(s.signalId)?.[1] ?? NaN);
            const v = s.value?.doubleValue;
            if (!(index < itemCount) || typeof v !== 'number' || v % itemCount !== index) {
              wrong += 1;
              continue;
            }
            const n = Math.floor(v / itemCount);
            if (last[index]! < 0) signals += 1;
            else if (n > last[index]! + 1) lost += n - last[index]! - 1;
            if (n > last[index]!) last[index] = n;
          }
        }
        return { samples, signals, wrong, lost };
      },
      async close() {
        await platform.close(1000);
        await store.close();
      },
    };
  } catch (err) {
    await platform.close(1000);
    await store.close();
    throw err;
  }
}

/** The agent's `/status`, the parts read here. */
export interface AgentStatus {
  sources: { id: string; state: string; counters: Record<string, number> }[];
  uplinks: { state: string; backlog: { pendingRecords: number; pendingBytes: number; oldestPendingAgeMs: number | null; sealedUnacked: number } }[];
}

/** Intervals of the opcua source. */
export interface OpcuaIntervals {
  readonly samplingInterval: number;
  readonly publishingInterval: number;
}

/**
 * Writes the agent config (one opcua source `sim` with a `measurement` signal per NodeId, raw
 * uplink `raw`) and starts `rongtong-agent run` (with `nodeOptions` as NODE_OPTIONS when given);
 * resolves once it prints its health address.
 */
export async function startBenchAgent(
  dir: string,
  stateDir: string,
  platformAddress: string,
  endpointUrl: string,
  nodeIds: readonly string[],
  intervals: OpcuaIntervals,
  nodeOptions?: string,
): Promise<{ process: MeasuredProcess; status(): Promise<AgentStatus> }> {
  const config = {
    stateDir,
    agent: { name: 'bench-opcua' },
    sources: [{ id: 'sim', kind: 'opcua', endpointUrl, securityMode: 'None', ...intervals, pkiDir: join(dir, 'agent-pki') }],
    signals: nodeIds.map((nodeId, i) => ({ id: `bulk/${String(i).padStart(5, '0')}`, equipment: 'bulk', source: 'sim', semantic: 'measurement', address: { kind: 'opcua', nodeId } })),
    equipment: [{ id: 'bulk', name: 'Bulk variables' }],
    uplinks: [{ name: 'raw', platform: platformAddress, sharing: 'raw', tls: false, insecure: true, backoff: { initial: '200ms', max: '1s' } }],
    health: { listen: '127.0.0.1:0' },
    log: { level: 'info' },
  };
  const file = join(dir, 'agent.json');
  writeFileSync(file, JSON.stringify(config));
  const env = nodeOptions === undefined ? process.env : { ...process.env, NODE_OPTIONS: nodeOptions };
  const proc = new MeasuredProcess('rongtong-agent', process.execPath, [...TS_NODE_ARGS, agentMain, 'run', '--config', file], { cwd: repoRoot, env });
  const base = (await proc.waitForOutput(/health: (http:\/\/127\.0\.0\.1:\d+)\/status/, 60_000))[1]!;
  return { process: proc, status: async () => (await (await fetch(`${base}/status`)).json()) as AgentStatus };
}
