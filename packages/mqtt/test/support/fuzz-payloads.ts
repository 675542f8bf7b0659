import { SPARKPLUG_DATA_TYPES as DT, type SparkplugPayloadInput, encodeSparkplugPayload } from '../../src/index.js';

/** A seeded PRNG (mulberry32): the same seed gives the same payloads on every run. */
export interface Rng {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Buffer;
}

/** Makes a {@link Rng} from a 32-bit seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    bytes: (length) => Buffer.from(Array.from({ length }, () => int(256))),
  };
}

/** Mutates bytes: bit flips, replaced, inserted (often JSON-structural) and deleted bytes. */
export function mutate(rng: Rng, input: Buffer): Buffer {
  const bytes = [...input];
  const structural = Buffer.from('{}[],:"\\0123456789eE.+-tfnu \u0000');
  for (let n = 1 + rng.int(4); n > 0; n -= 1) {
    const at = rng.int(Math.max(bytes.length, 1));
    switch (rng.int(4)) {
      case 0:
        if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << rng.int(8));
        break;
      case 1:
        if (bytes.length > 0) bytes[at] = rng.int(256);
        break;
      case 2:
        bytes.splice(at, 0, rng.next() < 0.7 ? structural[rng.int(structural.length)]! : rng.int(256));
        break;
      default:
        bytes.splice(at, 1);
    }
  }
  return Buffer.from(bytes);
}

/** Truncates to a strictly shorter prefix. */
export const truncate = (rng: Rng, input: Buffer): Buffer => input.subarray(0, rng.int(input.length));

// ---- JSON ----

/** A finite number of some shape: integers, fractions, large and tiny exponents, negatives. */
function randomNumber(rng: Rng): number {
  switch (rng.int(5)) {
    case 0:
      return rng.int(1_000_000);
    case 1:
      return (rng.next() - 0.5) * 1e6;
    case 2:
      return (rng.next() - 0.5) * 10 ** (rng.int(600) - 300);
    case 3:
      return -rng.int(100);
    default:
      return Math.round(rng.next() * 1e4) / 100;
  }
}

/** A valid telemetry document: `v` a number, with decoys around it. */
function validDocument(rng: Rng): Record<string, unknown> {
  const doc: Record<string, unknown> = { v: randomNumber(rng) };
  if (rng.next() < 0.5) doc.ts = Date.now();
  if (rng.next() < 0.3) doc.nested = { v: 'not me', list: [1, 'a', null, { v: 2 }] };
  if (rng.next() < 0.2) doc.unit = '°C 温度';
  return doc;
}

const WRONG_VALUES: readonly string[] = ['"12"', 'true', 'false', 'null', '[1,2]', '{"x":1}', '""', '"NaN"', '[]', '{}'];
const HUGE_NUMBERS: readonly string[] = ['1e400', '-1e999', `1${'0'.repeat(400)}`, '123456789012345678901234567890', '1e-400', '-0', '1.7976931348623157e308', '4.9e-324', '9007199254740993'];
const NOT_OBJECTS: readonly string[] = ['[]', '"text"', '42', 'null', 'true', '{}', '{"V":1}', '{"v ":1}', '[{"v":1}]', ''];

/** The kinds of JSON fuzz payload. */
export const JSON_FUZZ_KINDS = ['valid', 'random_bytes', 'truncated', 'mutated', 'wrong_type', 'huge_number', 'deep_nesting', 'bad_utf8', 'not_an_object', 'bom'] as const;
/** A kind of JSON fuzz payload. */
export type JsonFuzzKind = (typeof JSON_FUZZ_KINDS)[number];

/** A random or mutated JSON payload of one of {@link JSON_FUZZ_KINDS}. */
export function jsonFuzzPayload(rng: Rng): { kind: JsonFuzzKind; payload: Buffer } {
  const kind = rng.pick(JSON_FUZZ_KINDS);
  const valid = () => Buffer.from(JSON.stringify(validDocument(rng)));
  switch (kind) {
    case 'valid':
      return { kind, payload: valid() };
    case 'random_bytes':
      return { kind, payload: rng.bytes(rng.int(80)) };
    case 'truncated':
      return { kind, payload: truncate(rng, valid()) };
    case 'mutated':
      return { kind, payload: mutate(rng, valid()) };
    case 'wrong_type':
      return { kind, payload: Buffer.from(`{"v":${rng.pick(WRONG_VALUES)},"ts":1}`) };
    case 'huge_number':
      return { kind, payload: Buffer.from(`{"v":${rng.pick(HUGE_NUMBERS)}}`) };
    case 'deep_nesting': {
      const depth = 100 + rng.int(3000);
      const nest = '['.repeat(depth) + ']'.repeat(depth);
      const shapes = [`{"v":${nest}}`, `{"v":1,"deep":${nest}}`, `${'{"a":'.repeat(depth)}{"v":1}${'}'.repeat(depth)}`, `{"v":${'['.repeat(depth)}`];
      return { kind, payload: Buffer.from(rng.pick(shapes)) };
    }
    case 'bad_utf8':
      return { kind, payload: Buffer.concat([Buffer.from('{"v":1,"s":"'), Buffer.from([rng.pick([0xff, 0xc0, 0xed, 0x80, 0xfe])]), Buffer.from('"}')]) };
    case 'not_an_object':
      return { kind, payload: Buffer.from(rng.pick(NOT_OBJECTS)) };
    case 'bom':
      return { kind, payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid()]) };
  }
}

/** Message times (JSON text) and the ms each must give; undefined: not a time, the value is rejected. */
const TIMESTAMPS: readonly [string | undefined, number | undefined][] = [
  ['1735689600', 1735689600000],
  ['1735689600.5', 1735689600500],
  ['1735689600123', 1735689600123],
  ['1735689600123456', 1735689600123],
  ['"2025-01-01T08:00:00+08:00"', 1735689600000],
  ['"2025-01-01 00:00:00.250Z"', 1735689600250],
  ['" 1735689600 "', 1735689600000],
  [undefined, undefined],
  ['0', undefined],
  ['-5', undefined],
  ['1e400', undefined],
  ['true', undefined],
  ['null', undefined],
  ['{}', undefined],
  ['[1735689600]', undefined],
  ['""', undefined],
  ['"yesterday"', undefined],
  ['"2025-13-01T00:00:00Z"', undefined],
  ['"2025-02-30T00:00:00Z"', undefined],
  ['"2025-01-01T24:00:00Z"', undefined],
  ['"2025-01-01T08:00:00"', undefined],
  ['"2025-01-01T08:00:00+25:00"', undefined],
  ['"1969-12-31T23:59:59Z"', undefined],
];

/**
 * A message `{ v, ts }` with a valid value and a time from a table of good and bad times
 * (none, zero, negative, beyond the double range, wrong types, impossible dates, no offset):
 * the payload and, when the time is good, the sample it must give.
 */
export function jsonTimestampFuzz(rng: Rng): { payload: Buffer; expected: { v: number; ms: number } | undefined } {
  const v = JSON.parse(JSON.stringify(randomNumber(rng))) as number; // as on the wire: -0 is sent as 0
  const [ts, ms] = rng.pick(TIMESTAMPS);
  const payload = Buffer.from(ts === undefined ? `{"v":${JSON.stringify(v)}}` : `{"v":${JSON.stringify(v)},"ts":${ts}}`);
  return { payload, expected: ms === undefined ? undefined : { v, ms } };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What a payload must give for a field `{ path: '$.v', type: 'number' }`, decided without the
 * mapper: the number, or undefined when the message must be rejected (not UTF-8 JSON, not an
 * object, no own `v`, `v` not a finite number).
 */
export function expectedJsonValue(payload: Buffer): number | undefined {
  let doc: unknown;
  try {
    let text = strictUtf8.decode(payload);
    if (text.startsWith('\ufeff')) text = text.slice(1);
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Object.hasOwn(doc, 'v')) return undefined;
  const v = (doc as { v: unknown }).v;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

// ---- Sparkplug ----

/** Metrics of the born fuzz edge node "B" (NBIRTH) and its device "D" (DBIRTH). */
export const BORN_NODE_METRICS = [
  { name: 'Temp', alias: 1, datatype: DT.Double, value: { kind: 'double', value: 20 } },
  { name: 'Count', alias: 2, datatype: DT.UInt32, value: { kind: 'int', value: 0 } },
] as const;
export const BORN_DEVICE_METRICS = [{ name: 'Speed', alias: 3, datatype: DT.Double, value: { kind: 'double', value: 0 } }] as const;

/**
 * The kinds of Sparkplug fuzz message and what the host must do with them:
 * - `rejected` — every one must be counted as rejected: anything on the topics of the edge
 *   node "U" that never had a birth (random bytes, mutated or valid payloads), bad topics, and
 *   on the born node "B" unknown aliases, wrong value types, a missing or too large seq, a
 *   timestamp beyond what a JavaScript number holds;
 * - `accepted` — valid data of "B" (random seq: gaps are counted but the data is read), each
 *   with a unique marker value that must arrive as a sample;
 * - `unknown` — random bytes and mutated valid payloads on "B"'s data topics: either outcome.
 */
export type SparkplugFuzzOutcome = 'rejected' | 'accepted' | 'unknown';

/** One Sparkplug fuzz message. */
export interface SparkplugFuzzMessage {
  readonly kind: string;
  readonly outcome: SparkplugFuzzOutcome;
  readonly topic: string;
  readonly payload: Buffer;
  /** For `accepted`: the marker value of its one metric. */
  readonly marker?: number;
}

/** Markers of accepted messages: MARKER_BASE + message index (other payloads carry fractions below 1). */
export const MARKER_BASE = 1e9;

/** A random Sparkplug fuzz message for group `group` (edge nodes "B", born, and "U", never born). */
export function sparkplugFuzzMessage(rng: Rng, group: string, index: number): SparkplugFuzzMessage {
  const ns = `spBv1.0/${group}`;
  const unbornTopic = () => rng.pick([`${ns}/NDATA/U`, `${ns}/DDATA/U/D`, `${ns}/DBIRTH/U/D`, `${ns}/DDEATH/U/D`]);
  const bornTopic = (device: boolean) => (device ? `${ns}/DDATA/B/D` : `${ns}/NDATA/B`);
  const now = Date.now();
  const encode = (p: SparkplugPayloadInput) => Buffer.from(encodeSparkplugPayload(p));
  const data = (device: boolean, value: number, seq: number | 'none' = rng.int(256), timestamp: number | bigint = now): Buffer =>
    encode({ timestamp, ...(seq === 'none' ? {} : { seq }), metrics: [{ alias: device ? 3 : 1, timestamp, value: { kind: 'double', value } }] });
  const fraction = () => 0.5 + rng.next() / 4;
  const device = rng.next() < 0.5;
  switch (rng.int(12)) {
    case 0:
      return { kind: 'unborn random bytes', outcome: 'rejected', topic: unbornTopic(), payload: rng.bytes(rng.int(120)) };
    case 1:
      return { kind: 'unborn mutated', outcome: 'rejected', topic: unbornTopic(), payload: rng.next() < 0.5 ? mutate(rng, data(device, fraction())) : truncate(rng, data(device, fraction())) };
    case 2:
      return { kind: 'unborn valid', outcome: 'rejected', topic: unbornTopic(), payload: data(device, fraction()) };
    case 3: {
      const topic = rng.pick([`${ns}/NDATA`, `${ns}/XDATA/B`, `${ns}/DDATA/B`, `${ns}/NDATA/B/D/extra`, `${ns}/DBIRTH/B`, `${ns}/ndata/B`]);
      return { kind: 'bad topic', outcome: 'rejected', topic, payload: data(device, fraction()) };
    }
    case 4:
    case 5: {
      const marker = MARKER_BASE + index;
      return { kind: 'valid data', outcome: 'accepted', topic: bornTopic(device), payload: data(device, marker), marker };
    }
    case 6: {
      const alias = 4 + rng.int(100_000);
      return { kind: 'unknown alias', outcome: 'rejected', topic: bornTopic(device), payload: encode({ timestamp: now, seq: rng.int(256), metrics: [{ alias, value: { kind: 'double', value: fraction() } }] }) };
    }
    case 7: {
      const value = rng.pick([{ kind: 'string', value: 'x' }, { kind: 'boolean', value: true }, { kind: 'int', value: 3 }, { kind: 'bytes', value: new Uint8Array([1]) }] as const);
      const metrics = device ? [{ alias: 3, value }] : rng.next() < 0.5 ? [{ alias: 1, value }] : [{ alias: 2, value: { kind: 'double', value: 1.5 } as const }];
      return { kind: 'wrong type', outcome: 'rejected', topic: bornTopic(device), payload: encode({ timestamp: now, seq: rng.int(256), metrics }) };
    }
    case 8: {
      const seq = rng.next() < 0.5 ? 'none' : 256 + rng.int(1_000_000);
      return { kind: 'bad seq', outcome: 'rejected', topic: bornTopic(device), payload: data(device, fraction(), seq) };
    }
    case 9:
      return { kind: 'bad timestamp', outcome: 'rejected', topic: bornTopic(device), payload: data(device, fraction(), rng.int(256), 2n ** 60n + BigInt(rng.int(1000))) };
    case 10:
      return { kind: 'born random bytes', outcome: 'unknown', topic: bornTopic(device), payload: rng.bytes(rng.int(120)) };
    default: {
      const base = data(device, fraction());
      return { kind: 'born mutated', outcome: 'unknown', topic: bornTopic(device), payload: rng.next() < 0.6 ? mutate(rng, base) : truncate(rng, base) };
    }
  }
}
