import type { Signal } from '@rongtong/core';
import type { PlatformEvents } from '../platform-events.js';
import type { EquipmentRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

/** Which equipment each declared signal of an enterprise belongs to. */
export interface SignalDirectory {
  /**
   * The equipment id of every signal in `signalIds` ('' for a signal no equipment of the
   * enterprise declares). Served from a cache that is dropped when equipment of the
   * enterprise is declared on this instance, and re-read when a signal is unknown and
   * the cached copy is older than `refreshMs` (declarations made on other instances).
   */
  equipmentOf(tenantId: string, enterpriseId: string, signalIds: Iterable<string>): Promise<Map<string, string>>;
  /**
   * Every declared signal of the enterprise with its equipment id, by signal id; re-read as
   * `equipmentOf` is when one of `signalIds` is unknown and the cached copy is old enough.
   */
  declaredSignals(tenantId: string, enterpriseId: string, signalIds?: Iterable<string>): Promise<ReadonlyMap<string, DeclaredSignal>>;
  /** Stops listening for declarations. */
  close(): void;
}

/** A declared signal and the equipment that declares it. */
export interface DeclaredSignal {
  readonly equipmentId: string;
  readonly signal: Signal;
}

/** Options of `createSignalDirectory`. */
export interface SignalDirectoryOptions {
  store: Store;
  /** The platform hooks; `equipmentDeclared` invalidates the cache. */
  events: PlatformEvents;
  now: () => number;
  /** Least age of a cached copy before an unknown signal triggers a re-read; 1 s by default. */
  refreshMs?: number;
  /** Enterprises kept in the cache (least recently used dropped first); 1024 by default. */
  maxEnterprises?: number;
}

interface Entry {
  readonly loadedAt: number;
  readonly signals: Promise<Map<string, DeclaredSignal>>;
}

const PAGE_SIZE = 1000;

/** A cached signal → equipment directory over the store's equipment declarations. */
export function createSignalDirectory(options: SignalDirectoryOptions): SignalDirectory {
  const refreshMs = options.refreshMs ?? 1000;
  const maxEnterprises = options.maxEnterprises ?? 1024;
  const cache = new Map<string, Entry>();
  const keyOf = (tenantId: string, enterpriseId: string): string => `${tenantId}\u0000${enterpriseId}`;

  const onDeclared = (equipment: EquipmentRecord[]): void => {
    for (const e of equipment) cache.delete(keyOf(e.tenantId, e.enterpriseId));
  };
  options.events.on('equipmentDeclared', onDeclared);

  const load = (key: string, tenantId: string, enterpriseId: string): Entry => {
    const entry: Entry = { loadedAt: options.now(), signals: readSignals(options.store, tenantId, enterpriseId) };
    entry.signals.catch(() => cache.delete(key));
    cache.set(key, entry);
    while (cache.size > maxEnterprises) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return entry;
  };

  const lookup = async (tenantId: string, enterpriseId: string, signalIds: Iterable<string>): Promise<Map<string, DeclaredSignal>> => {
    const key = keyOf(tenantId, enterpriseId);
    let entry = cache.get(key);
    if (entry) {
      cache.delete(key);
      cache.set(key, entry);
    } else {
      entry = load(key, tenantId, enterpriseId);
    }
    const signals = await entry.signals;
    if ([...signalIds].some((id) => !signals.has(id)) && options.now() - entry.loadedAt >= refreshMs) {
      return load(key, tenantId, enterpriseId).signals;
    }
    return signals;
  };

  return {
    async equipmentOf(tenantId, enterpriseId, signalIds) {
      const wanted = [...new Set(signalIds)];
      const signals = await lookup(tenantId, enterpriseId, wanted);
      return new Map(wanted.map((id) => [id, signals.get(id)?.equipmentId ?? '']));
    },
    declaredSignals(tenantId, enterpriseId, signalIds = []) {
      return lookup(tenantId, enterpriseId, signalIds);
    },
    close() {
      options.events.off('equipmentDeclared', onDeclared);
      cache.clear();
    },
  };
}

async function readSignals(store: Store, tenantId: string, enterpriseId: string): Promise<Map<string, DeclaredSignal>> {
  const signals = new Map<string, DeclaredSignal>();
  let pageToken = '';
  do {
    const page = await store.listEquipment(tenantId, enterpriseId, { pageSize: PAGE_SIZE, pageToken });
    for (const equipment of page.items) for (const signal of equipment.signals) signals.set(signal.id, { equipmentId: equipment.id, signal });
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return signals;
}
