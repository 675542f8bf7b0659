import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { topicMatchesFilter } from '../topic-filter.js';

/* eslint-disable @typescript-eslint/require-await -- aedes requires promise-returning (async) methods */

/** A packet as aedes hands it to the persistence (an aedes-packet `Packet` or a publish packet). */
type StoredPacket = Record<string, unknown> & { topic?: string; messageId?: number; brokerId?: string; brokerCounter?: number; payload?: unknown };

/** A subscription record of one client: QoS and the MQTT 5 options. */
interface SubRecord {
  qos: number;
  rh?: number;
  rap?: boolean;
  nl?: boolean;
  subscriptionIdentifier?: number;
}

interface ClientRef {
  readonly id: string;
}

/** The file format: version 1. */
interface StateFile {
  readonly version: 1;
  readonly retained: StoredPacket[];
  readonly subscriptions: Record<string, Record<string, SubRecord>>;
  readonly outgoing: Record<string, StoredPacket[]>;
  readonly incoming: Record<string, Record<string, StoredPacket>>;
}

/** Options of {@link FilePersistence}. */
export interface FilePersistenceOptions {
  /** Directory of `state.json`; created if missing. */
  readonly stateDir: string;
  /** Delay between a change and its write, ms (0: on the next tick). */
  readonly flushMs: number;
  /** Called when a write fails (the state stays in memory and is written again at the next change or close). */
  readonly onWriteError?: (err: unknown) => void;
  /** Whether a persistent session may keep subscription `topic` (the ACL: a refused one is not stored). */
  readonly keepSubscription?: (clientId: string, topic: string) => boolean;
}

const STATE_FILE = 'state.json';

/** JSON replacer/reviver pair that keeps Buffers (payloads, MQTT 5 binary properties). */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) return { $b64: Buffer.from(raw).toString('base64') };
  return value;
}
function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$b64') return Buffer.from((value as { $b64: string }).$b64, 'base64');
  }
  return value;
}

/**
 * An aedes persistence kept in memory, like aedes-persistence's, and written as one JSON
 * snapshot to `stateDir/state.json` — a temporary file, fsync, then rename, so the file is
 * always a complete old or new snapshot — at most `flushMs` after each change and on
 * {@link flush}/{@link destroy}; loaded by {@link load} before the broker starts.
 *
 * Kept: retained messages; subscriptions of persistent (clean = false) sessions; their queued
 * outgoing QoS 1/2 messages (including those sent but not yet acknowledged); the inbound QoS 2
 * packets awaiting PUBREL. Not kept: wills (a client's will does not fire for a broker
 * restart), clean sessions (they end with their connection anyway).
 *
 * Topic matching is a scan of the persistent subscriptions, fine for the few hundred clients
 * of an embedded broker; the whole state is rewritten on each flush.
 */
export class FilePersistence {
  readonly #retained = new Map<string, StoredPacket>();
  readonly #subscriptions = new Map<string, Map<string, SubRecord>>();
  readonly #outgoing = new Map<string, StoredPacket[]>();
  readonly #incoming = new Map<string, Map<number, StoredPacket>>();
  readonly #wills = new Map<string, StoredPacket>();
  readonly #options: FilePersistenceOptions;
  #broker: { id: string } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;
  #destroyed = false;
  /** Snapshots written, and failed writes. */
  writes = 0;
  writeErrors = 0;

  constructor(options: FilePersistenceOptions) {
    this.#options = options;
  }

  /** Reads `state.json` if there is one (call before the broker starts). */
  async load(): Promise<void> {
    await mkdir(this.#options.stateDir, { recursive: true });
    let text: string;
    try {
      text = await readFile(join(this.#options.stateDir, STATE_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const state = JSON.parse(text, reviver) as StateFile;
    if (state.version !== 1) throw new Error(`${STATE_FILE}: unknown version ${String(state.version)}`);
    for (const p of state.retained) this.#retained.set(p.topic!, p);
    for (const [clientId, subs] of Object.entries(state.subscriptions)) this.#subscriptions.set(clientId, new Map(Object.entries(subs)));
    for (const [clientId, queue] of Object.entries(state.outgoing)) this.#outgoing.set(clientId, queue);
    for (const [clientId, packets] of Object.entries(state.incoming)) {
      this.#incoming.set(clientId, new Map(Object.entries(packets).map(([id, p]) => [Number(id), p])));
    }
  }

  /** Counts of what the state holds. */
  counts(): { retained: number; sessions: number; queued: number } {
    let queued = 0;
    for (const q of this.#outgoing.values()) queued += q.length;
    return { retained: this.#retained.size, sessions: this.#subscriptions.size, queued };
  }

  #changed(): void {
    this.#dirty = true;
    if (this.#timer !== undefined || this.#destroyed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#options.flushMs);
    this.#timer.unref();
  }

  /** Writes the state now if it changed since the last write; resolves when it is on disk (errors are reported, not thrown). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#writing = this.#writing.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      try {
        await this.#write();
        this.writes += 1;
      } catch (err) {
        this.#dirty = true;
        this.writeErrors += 1;
        this.#options.onWriteError?.(err);
      }
    });
    return this.#writing;
  }

  async #write(): Promise<void> {
    const state: StateFile = {
      version: 1,
      retained: [...this.#retained.values()],
      subscriptions: Object.fromEntries([...this.#subscriptions].map(([id, subs]) => [id, Object.fromEntries(subs)])),
      outgoing: Object.fromEntries([...this.#outgoing].filter(([, q]) => q.length > 0)),
      incoming: Object.fromEntries([...this.#incoming].filter(([, m]) => m.size > 0).map(([id, m]) => [id, Object.fromEntries(m)])),
    };
    const file = join(this.#options.stateDir, STATE_FILE);
    const temp = `${file}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(state, replacer));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  }

  // ——— the aedes persistence interface ———

  async setup(broker: { id: string }): Promise<void> {
    this.#broker = broker;
  }

  async storeRetained(pkt: StoredPacket): Promise<void> {
    const packet = { ...pkt };
    if (!packet.payload || (packet.payload as Buffer).length === 0) this.#retained.delete(packet.topic!);
    else this.#retained.set(packet.topic!, packet);
    this.#changed();
  }

  createRetainedStreamCombi(patterns: string[]): Readable {
    const retained = [...this.#retained.values()];
    return Readable.from(patterns.flatMap((p) => retained.filter((packet) => topicMatchesFilter(p, packet.topic!))));
  }

  createRetainedStream(pattern: string): Readable {
    return this.createRetainedStreamCombi([pattern]);
  }

  async addSubscriptions(client: ClientRef, subs: (SubRecord & { topic: string })[]): Promise<void> {
    const keep = this.#options.keepSubscription;
    const kept = subs.filter((s) => keep === undefined || keep(client.id, s.topic));
    if (kept.length === 0) return;
    let stored = this.#subscriptions.get(client.id);
    if (!stored) {
      stored = new Map();
      this.#subscriptions.set(client.id, stored);
    }
    for (const sub of kept) {
      const record: SubRecord = { qos: sub.qos, rh: sub.rh, rap: sub.rap, nl: sub.nl };
      if (sub.subscriptionIdentifier !== undefined) record.subscriptionIdentifier = sub.subscriptionIdentifier;
      stored.set(sub.topic, record);
    }
    this.#changed();
  }

  async removeSubscriptions(client: ClientRef, topics: string[]): Promise<void> {
    const stored = this.#subscriptions.get(client.id);
    if (!stored) return;
    for (const topic of topics) stored.delete(topic);
    if (stored.size === 0) this.#subscriptions.delete(client.id);
    this.#changed();
  }

  async subscriptionsByClient(client: ClientRef): Promise<(SubRecord & { topic: string })[]> {
    return [...(this.#subscriptions.get(client.id) ?? [])].map(([topic, record]) => ({ topic, ...record }));
  }

  async countOffline(): Promise<{ subsCount: number; clientsCount: number }> {
    let subsCount = 0;
    for (const subs of this.#subscriptions.values()) for (const s of subs.values()) if (s.qos > 0) subsCount += 1;
    return { subsCount, clientsCount: this.#subscriptions.size };
  }

  /** The QoS 1/2 subscriptions matching topic `topic` (aedes queues a copy of the message for each). */
  async subscriptionsByTopic(topic: string): Promise<{ clientId: string; topic: string; qos: number; rh?: number; rap?: boolean; nl?: boolean }[]> {
    const out = [];
    for (const [clientId, subs] of this.#subscriptions) {
      for (const [filter, s] of subs) {
        if (s.qos > 0 && topicMatchesFilter(filter, topic)) out.push({ clientId, topic: filter, qos: s.qos, rh: s.rh, rap: s.rap, nl: s.nl });
      }
    }
    return out;
  }

  async cleanSubscriptions(client: ClientRef): Promise<void> {
    if (this.#subscriptions.delete(client.id)) this.#changed();
  }

  async outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void> {
    this.#enqueue(sub.clientId, packet);
    this.#changed();
  }

  async outgoingEnqueueCombi(subs: { clientId: string }[], packet: StoredPacket): Promise<void> {
    for (const sub of subs) this.#enqueue(sub.clientId, packet);
    if (subs.length > 0) this.#changed();
  }

  #enqueue(clientId: string, packet: StoredPacket): void {
    // The fields of an aedes-packet Packet (aedes-packet is aedes's, not ours to import).
    const copy: StoredPacket = {
      cmd: packet.cmd ?? 'publish',
      brokerId: packet.brokerId,
      brokerCounter: packet.brokerCounter ?? 0,
      topic: packet.topic,
      payload: packet.payload ?? Buffer.alloc(0),
      qos: packet.qos ?? 0,
      retain: packet.retain ?? false,
      dup: packet.dup ?? false,
    };
    for (const key of ['properties', 'messageExpiry', 'nl'] as const) if (key in packet) copy[key] = packet[key];
    let queue = this.#outgoing.get(clientId);
    if (!queue) this.#outgoing.set(clientId, (queue = []));
    queue.push(copy);
  }

  async outgoingUpdate(client: ClientRef, packet: StoredPacket): Promise<void> {
    const queue = this.#outgoing.get(client.id) ?? [];
    for (let i = 0; i < queue.length; i += 1) {
      const queued = queue[i]!;
      if (queued.brokerId === packet.brokerId) {
        if (queued.brokerCounter === packet.brokerCounter) {
          queued.messageId = packet.messageId;
          this.#changed();
          return;
        }
      } else if (queued.messageId === packet.messageId) {
        queue[i] = packet;
        this.#changed();
        return;
      }
    }
    throw new Error('no such packet');
  }

  async outgoingClearMessageId(client: ClientRef, packet: StoredPacket): Promise<StoredPacket | undefined> {
    const queue = this.#outgoing.get(client.id) ?? [];
    const i = queue.findIndex((p) => p.messageId === packet.messageId);
    if (i < 0) return undefined;
    const [removed] = queue.splice(i, 1);
    if (queue.length === 0) this.#outgoing.delete(client.id);
    this.#changed();
    return removed;
  }

  outgoingStream(client: ClientRef): Readable {
    return Readable.from([...(this.#outgoing.get(client.id) ?? [])]);
  }

  async incomingStorePacket(client: ClientRef, packet: StoredPacket): Promise<void> {
    let store = this.#incoming.get(client.id);
    if (!store) this.#incoming.set(client.id, (store = new Map<number, StoredPacket>()));
    store.set(packet.messageId!, { ...packet, messageId: packet.messageId });
    this.#changed();
  }

  async incomingGetPacket(client: ClientRef, packet: StoredPacket): Promise<StoredPacket> {
    const found = this.#incoming.get(client.id)?.get(packet.messageId!);
    if (!found) throw new Error('no such packet');
    return found;
  }

  async incomingDelPacket(client: ClientRef, packet: StoredPacket): Promise<void> {
    const store = this.#incoming.get(client.id);
    if (!store?.delete(packet.messageId!)) throw new Error('no such packet');
    this.#changed();
  }

  async cleanIncoming(client: ClientRef): Promise<void> {
    if (this.#incoming.delete(client.id)) this.#changed();
  }

  async putWill(client: ClientRef, packet: StoredPacket): Promise<void> {
    packet.brokerId = this.#broker?.id;
    packet.clientId = client.id;
    this.#wills.set(client.id, packet);
  }

  async getWill(client: ClientRef): Promise<StoredPacket | undefined> {
    return this.#wills.get(client.id);
  }

  async delWill(client: ClientRef): Promise<StoredPacket | undefined> {
    const will = this.#wills.get(client.id);
    this.#wills.delete(client.id);
    return will;
  }

  streamWill(brokers: Record<string, unknown> = {}): Readable {
    return Readable.from([...this.#wills.values()].filter((w) => !brokers[w.brokerId!]));
  }

  getClientList(topic: string): Readable {
    return Readable.from([...this.#subscriptions].filter(([, subs]) => subs.has(topic)).map(([id]) => id));
  }

  /** Called by aedes when the broker closes: writes the state a last time. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    await this.flush();
    this.#destroyed = true;
  }
}
