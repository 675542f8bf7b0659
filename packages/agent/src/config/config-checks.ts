import { isCounterSemantic, type SignalSemantic } from '@rongtong/core';
import type { z } from 'zod';
import type { SourceRegistry } from '../sources/source-registry.js';

type Path = readonly PropertyKey[];
type Entry = Readonly<Record<string, unknown>>;

/** The entries of an array field that are objects, with their index (anything else already has its own issue). */
function entries(value: unknown): [number, Entry][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i): [number, Entry][] => (typeof v === 'object' && v !== null && !Array.isArray(v) ? [[i, v as Entry]] : []));
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The cross-field rules of the agent config. They run even when some fields are invalid (so
 * one pass reports every problem), read the partly parsed value defensively, and skip an
 * entry whose own fields already failed where the rule depends on them.
 */
export function checkAgentConfig(config: unknown, ctx: z.RefinementCtx, registry: SourceRegistry): void {
  const failed = ctx.issues.map((i) => i.path ?? []);
  const isValid = (path: Path) => !failed.some((p) => path.every((segment, i) => p[i] === segment));
  const add = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path: [...path], message, input: undefined });
  const unique = (list: [number, Entry][], key: string, at: string, what: string) => {
    const first = new Map<string, number>();
    for (const [i, e] of list) {
      const k = text(e[key]);
      if (k === undefined) continue;
      const seen = first.get(k);
      if (seen === undefined) first.set(k, i);
      else add([at, i, key], `duplicate ${what} "${k}" (also ${at}.${seen})`);
    }
  };

  const root = (typeof config === 'object' && config !== null ? config : {}) as Entry;
  const sources = entries(root.sources);
  const signals = entries(root.signals);
  const equipment = entries(root.equipment);
  const uplinks = entries(root.uplinks);
  unique(sources, 'id', 'sources', 'source id');
  unique(signals, 'id', 'signals', 'signal id');
  unique(equipment, 'id', 'equipment', 'equipment id');
  unique(uplinks, 'name', 'uplinks', 'uplink name');

  checkEquipment(equipment, add);

  const sourceById = firstById(sources, 'id');
  // A source id given twice is already an issue; references to it are ambiguous, so they are not checked.
  const ambiguous = new Set(sources.filter(([i, s]) => sourceById.get(text(s.id) ?? '')?.index !== i).map(([, s]) => text(s.id)));
  const equipmentIds = new Set(equipment.map(([, e]) => text(e.id)));
  const signalById = firstById(signals, 'id');

  for (const [i, s] of signals) {
    const equipmentId = text(s.equipment);
    if (equipmentId !== undefined && !equipmentIds.has(equipmentId)) add(['signals', i, 'equipment'], `no equipment[] entry has id "${equipmentId}"`);
    const semantic = text(s.semantic) as SignalSemantic | undefined;
    if (semantic !== undefined && isValid(['signals', i, 'semantic']) && isCounterSemantic(semantic) && s.counter === undefined) {
      add(['signals', i, 'counter'], `required for a ${semantic} signal, e.g. counter: { monotonic: true } (add wrapsAt, resetsOnJob as they apply)`);
    }
    const raw = new Map<string, number>();
    for (const [j, m] of entries(s.stateMappings)) {
      const state = text(m.rawState)?.trim();
      if (state === undefined) continue;
      if (raw.has(state)) add(['signals', i, 'stateMappings', j, 'rawState'], `duplicate raw state "${state}" (also stateMappings.${raw.get(state)})`);
      else raw.set(state, j);
    }
    const sourceId = text(s.source);
    if (sourceId === undefined) continue;
    const source = sourceById.get(sourceId);
    if (ambiguous.has(sourceId)) continue;
    if (source === undefined) {
      add(['signals', i, 'source'], `no sources[] entry has id "${sourceId}"`);
      continue;
    }
    const factory = registry.get(text(source.entry.kind) ?? '');
    if (factory === undefined || !isValid(['sources', source.index])) continue;
    if (factory.addressKind !== undefined) {
      const address = s.address as Entry | undefined;
      const id = text(s.id);
      if (address === undefined) {
        // A source config may produce ids itself (MQTT topic templates); those signals need no address.
        // Whether it does depends on the id: an invalid one has its own issue, and this check waits for it.
        if (factory.signalWithoutAddress !== undefined && (id === undefined || !isValid(['signals', i, 'id']))) continue;
        const without = id === undefined ? false : (factory.signalWithoutAddress?.(source.entry as never, id) ?? false);
        if (without !== true) {
          add(['signals', i, 'address'], `required for a signal of ${factory.kind} source "${sourceId}": where to read it${typeof without === 'string' ? `; ${without}` : ''}`);
        }
      } else if (address.kind !== factory.addressKind) add(['signals', i, 'address', 'kind'], `must be ${factory.addressKind} for ${factory.kind} source "${sourceId}"`);
      else if (factory.checkAddress !== undefined && isValid(['signals', i, 'address'])) {
        for (const problem of factory.checkAddress(address as never, source.entry as never)) add(['signals', i, 'address', ...problem.path], problem.message);
      }
      continue;
    }
    if (s.address !== undefined) add(['signals', i, 'address'], `${factory.kind} source "${sourceId}" names its signals itself: leave address out`);
    const own = factory.ownSignals?.(source.entry as never) ?? [];
    if (text(s.id) !== undefined && !own.some((o) => o.id === s.id)) {
      add(['signals', i, 'source'], `${factory.kind} source "${sourceId}" has no signal "${text(s.id)}" (sources.${source.index} lists its signals)`);
    }
  }

  for (const [, { index, entry }] of sourceById) {
    const factory = registry.get(text(entry.kind) ?? '');
    if (factory?.ownSignals === undefined || !isValid(['sources', index]) || ambiguous.has(text(entry.id))) continue;
    for (const own of factory.ownSignals(entry as never)) {
      const mapped = signalById.get(own.id);
      if (mapped === undefined) {
        add(['sources', index, ...own.path], `no signals[] entry gives "${own.id}" a meaning: add one with id "${own.id}", source "${text(entry.id)}", its equipment and semantic`);
      } else if (sourceById.has(text(mapped.entry.source) ?? '') && mapped.entry.source !== entry.id) {
        add(['sources', index, ...own.path], `signals.${mapped.index} maps "${own.id}" to source "${text(mapped.entry.source)}", not "${text(entry.id)}"`);
      }
    }
  }

  for (const [i, u] of uplinks) checkUplink(u, ['uplinks', i], add);
}

type Add = (path: Path, message: string) => void;

/** Entries by their id; the first one wins (later ones already have a duplicate-id issue). */
function firstById(list: [number, Entry][], key: string): Map<string, { index: number; entry: Entry }> {
  const byId = new Map<string, { index: number; entry: Entry }>();
  for (const [index, entry] of list) {
    const id = text(entry[key]);
    if (id !== undefined && !byId.has(id)) byId.set(id, { index, entry });
  }
  return byId;
}

function checkEquipment(equipment: [number, Entry][], add: Add): void {
  for (const [i, e] of equipment) {
    const products = new Map<string, number>();
    for (const [j, t] of entries(e.idealUnitTimes)) {
      const product = text(t.productId) ?? '';
      const seen = products.get(product);
      if (seen === undefined) products.set(product, j);
      else add(['equipment', i, 'idealUnitTimes', j, 'productId'], `${product ? `duplicate product "${product}"` : 'a second default entry (without productId)'} (also idealUnitTimes.${seen})`);
    }
    const capabilities = new Map<string, number>();
    for (const [j, c] of entries(e.capabilities)) {
      const key = `${text(c.kind)}:${text(c.id)}`;
      const seen = capabilities.get(key);
      if (seen === undefined) capabilities.set(key, j);
      else add(['equipment', i, 'capabilities', j, 'id'], `duplicate capability ${key} (also capabilities.${seen})`);
    }
  }
}

function checkUplink(u: Entry, at: Path, add: Add): void {
  if (u.tls === false && u.insecure !== true) {
    add([...at, 'tls'], 'tls: false sends the token and data in plaintext: set insecure: true to allow it (loopback tests only)');
  }
  if (typeof u.tls === 'object' && u.tls !== null) {
    const tls = u.tls as Entry;
    if (tls.cert !== undefined && tls.key === undefined) add([...at, 'tls', 'key'], 'required with tls.cert: the private key of the client certificate');
    if (tls.key !== undefined && tls.cert === undefined) add([...at, 'tls', 'cert'], 'required with tls.key: the client certificate');
  }
  const backoff = u.backoff as Entry | undefined;
  if (typeof backoff?.initial === 'number' && typeof backoff.max === 'number' && backoff.max < backoff.initial) {
    add([...at, 'backoff', 'max'], `must be at least backoff.initial (${backoff.initial} ms)`);
  }
}
