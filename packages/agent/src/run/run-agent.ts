import type { Logger } from 'pino';
import { snapshotOf, watchUplinkFatal } from '../health/agent-snapshot.js';
import { startAgentHealthServer, type AgentHealthServer } from '../health/health-server.js';
import { splitHostPort } from '@rongtong/core';
import { pino } from 'pino';
import type { AgentConfig } from '../config/agent-config-schema.js';
import { equipmentDeclarationOf } from '../config/equipment-declaration.js';
import { equipmentToProto } from '../config/equipment-proto.js';
import type { Outbox, OutboxCheckpoint, OutboxStats } from '../outbox/outbox.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline.js';
import { defaultSourceRegistry } from '../sources/built-in-sources.js';
import type { SourceRegistry } from '../sources/source-registry.js';
import type { Source } from '../sources/source.js';
import { createUplink, type Uplink, type UplinkFatal } from '../uplink/uplink.js';
import { sharingLevelOf, uplinkOptionsFromConfig } from './uplink-options-from-config.js';
import { startAgentBroker, type AgentBroker } from './agent-broker.js';

/** What `runAgent` needs of one enrolled uplink (read from the state directory by the caller). */
export interface RunUplinkEnrollment {
  readonly agentId: string;
  /** The agent token (from enrolment, or the config's `token` secret). Never logged. */
  readonly token: string;
  /** Ed25519 private key, PKCS#8 PEM. Never logged. */
  readonly privateKeyPem: string;
  /** Path of the uplink's outbox database. */
  readonly outboxPath: string;
}

/** Options of {@link runAgent}. */
export interface RunAgentOptions {
  /** The parsed, valid agent config. */
  readonly config: AgentConfig;
  /** The enrolment of every `config.uplinks[]` entry, by uplink name. */
  readonly enrollments: ReadonlyMap<string, RunUplinkEnrollment>;
  /** The source kinds (must be the registry the config was parsed with). Default: the built-in ones. */
  readonly registry?: SourceRegistry;
  /** Version of the agent software, sent in `Hello`. */
  readonly agentVersion: string;
  /** pino logger; silent by default. */
  readonly logger?: Logger;
  /** How long stopping waits for acks in flight per uplink, ms. Default 2000. */
  readonly drainMs?: number;
  /** Called when an uplink stops for good (it is then stopped; the others keep running). */
  readonly onUplinkFatal?: (name: string, code: string, message: string) => void;
  /** Serve health, status and metrics on `config.health.listen` (default false; `rongtong-agent run` turns it on). */
  readonly healthServer?: boolean;
}

/** One uplink of a running agent, with its outbox. */
export interface RunningUplink {
  readonly uplink: Uplink;
  readonly outbox: Outbox;
}

/** A running agent: everything of the config started. */
export interface RunningAgent {
  readonly sources: readonly Source[];
  readonly pipeline: Pipeline;
  readonly uplinks: ReadonlyMap<string, RunningUplink>;
  /** The backlog of every uplink's outbox, by name. */
  backlog(): Promise<Map<string, OutboxStats>>;
  /** The health server's bound port, when `healthServer` was on. */
  readonly healthPort: number | undefined;
  /** The embedded MQTT broker, when the config has a `broker` section. */
  readonly broker: AgentBroker | undefined;
  /** Stops sources, flushes the pipeline, stops uplinks (bounded drain), closes outboxes. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Where sources that can replay continue after a restart: per signal, the earliest of the
 * uplinks' saved source times (an uplink that is behind gets what it misses; the pipeline
 * skips for the others what they already hold). Signals no outbox has seen: undefined.
 */
function resumePoints(checkpoints: readonly OutboxCheckpoint[]): (signalId: string) => number | undefined {
  const earliest = new Map<string, number>();
  for (const { sourceTimes } of checkpoints) {
    for (const [id, time] of Object.entries(sourceTimes)) earliest.set(id, Math.min(time, earliest.get(id) ?? Infinity));
  }
  return (signalId) => earliest.get(signalId);
}

/**
 * Starts the agent of a config (DESIGN §3): one outbox per uplink, the pipeline over all of
 * them, the sources from the registry, and the uplinks. An uplink's fatal error is logged and
 * that uplink stops; the others keep running. If `start` fails half-way, what was started is
 * stopped again before the error is thrown.
 */
export async function runAgent(options: RunAgentOptions): Promise<RunningAgent> {
  const { config, enrollments } = options;
  const logger = options.logger ?? pino({ level: 'silent' });
  const registry = options.registry ?? defaultSourceRegistry;
  const outboxes: { name: string; outbox: Outbox }[] = [];
  const sources: Source[] = [];
  const uplinks = new Map<string, RunningUplink>();
  let pipeline: Pipeline | undefined;
  let stopping: Promise<void> | undefined;
  let health: AgentHealthServer | undefined;
  let broker: AgentBroker | undefined;
  const fatals = new Map<string, () => UplinkFatal | undefined>();

  const stopAll = async (): Promise<void> => {
    await health?.close();
    await Promise.allSettled(sources.map((s) => s.stop()));
    // After the sources: their persistent sessions are in the broker state it writes at close.
    await broker?.close();
    await pipeline?.close();
    await Promise.allSettled([...uplinks.values()].map(({ uplink }) => uplink.stop()));
    await Promise.allSettled(outboxes.map(({ outbox }) => outbox.close()));
  };

  try {
    // Declared to every platform after each connect, whatever the uplink's sharing level.
    const equipment = equipmentDeclarationOf(config).map(equipmentToProto);
    for (const u of config.uplinks) {
      const enrollment = enrollments.get(u.name);
      if (enrollment === undefined) throw new Error(`uplink "${u.name}" has no enrolment`);
      const base = uplinkOptionsFromConfig(u);
      const outbox = createSqliteOutbox({
        path: enrollment.outboxPath,
        agentId: enrollment.agentId,
        privateKeyPem: enrollment.privateKeyPem,
        sharingLevel: base.sharingLevel,
        quota: { maxBytes: config.outbox.quota.maxBytes, maxAgeMs: config.outbox.quota.maxAge },
        durability: config.outbox.durability,
        logger: logger.child({ component: 'outbox', uplink: u.name }),
      });
      outboxes.push({ name: u.name, outbox });
      const uplink = createUplink({
        ...base,
        token: enrollment.token,
        agentId: enrollment.agentId,
        agentVersion: options.agentVersion,
        outbox,
        equipment,
        ...(options.drainMs !== undefined ? { drainMs: options.drainMs } : {}),
        logger,
      });
      uplink.on('fatal', (fatal) => {
        logger.error({ uplink: u.name, code: fatal.code, reason: fatal.message }, 'uplink stopped for good; the others keep running');
        options.onUplinkFatal?.(u.name, fatal.code, fatal.message);
        void uplink.stop();
      });
      fatals.set(u.name, watchUplinkFatal(uplink));
      uplinks.set(u.name, { uplink, outbox });
    }
    const checkpoints = await Promise.all(outboxes.map(({ outbox }) => outbox.checkpoint()));
    const running = createPipeline({
      config,
      uplinks: outboxes.map(({ name, outbox }, i) => ({ name, sharingLevel: sharingLevelOf(config.uplinks[i]!.sharing), outbox, checkpoint: checkpoints[i]! })),
      logger: logger.child({ component: 'pipeline' }),
    });
    pipeline = running;
    const lastSourceTime = resumePoints(checkpoints);
    // Before the sources, which may connect to it.
    broker = await startAgentBroker(config.broker, config.stateDir, logger);
    for (const [index, s] of config.sources.entries()) {
      const signals = config.signals.filter((signal) => signal.source === s.id);
      const context = {
        sink: running.sink,
        signals,
        lastSourceTime,
        configPath: `sources.${index}`,
        stateDir: config.stateDir,
        logger: logger.child({ component: 'source', source: s.id }),
      };
      sources.push(registry.create(s, context));
    }
    for (const { uplink } of uplinks.values()) uplink.start();
    for (const source of sources) await source.start();
    if (options.healthServer === true) {
      // The config schema has validated health.listen as host:port.
      const { host, port } = splitHostPort(config.health.listen) ?? { host: '127.0.0.1', port: 0 };
      const snapshotUplinks = config.uplinks.map((u) => ({ uplink: uplinks.get(u.name)!.uplink, sharing: u.sharing, fatal: fatals.get(u.name) }));
      health = await startAgentHealthServer({ host, port, snapshot: () => snapshotOf({ sources, uplinks: snapshotUplinks, pipeline: running, broker }) });
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  const done = pipeline;
  return {
    sources,
    pipeline: done,
    healthPort: health?.port,
    broker,
    uplinks,
    async backlog() {
      const entries = await Promise.all(outboxes.map(async ({ name, outbox }) => [name, await outbox.stats()] as const));
      return new Map(entries);
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
