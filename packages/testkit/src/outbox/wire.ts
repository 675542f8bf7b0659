/**
 * A minimal protobuf wire-format writer and reader, enough for the outbox contract to make
 * `BatchPayload`s and to read back the fields it checks (sharing level, historical, gap
 * records) — independently of the protobuf runtime the implementation under test uses.
 */

/** Wire types used by `rongtong.v1.BatchPayload`. */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

/** One top-level field occurrence, in wire order. */
export interface WireField {
  readonly field: number;
  readonly wireType: number;
  /** The varint value (wire type 0) or 0n. */
  readonly varint: bigint;
  /** The field's content bytes (wire types 1, 2, 5) or empty. */
  readonly bytes: Uint8Array;
  /** The whole occurrence as on the wire, tag included. */
  readonly raw: Uint8Array;
}

/** The varint encoding of a non-negative integer. */
export function varint(value: number | bigint): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) throw new RangeError('varint of a negative value');
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Uint8Array.from(out);
}

/** Concatenation of byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A varint field (tag + value); omitted (empty) when `value` is 0, as proto3 does. */
export function varintField(field: number, value: number | bigint): Uint8Array {
  return BigInt(value) === 0n ? new Uint8Array(0) : concat(varint((field << 3) | WireType.VARINT), varint(value));
}

/** A length-delimited field (tag + length + content): messages, strings, bytes. */
export function lenField(field: number, content: Uint8Array | string): Uint8Array {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return concat(varint((field << 3) | WireType.LEN), varint(bytes.length), bytes);
}

/** A `google.protobuf.Timestamp` message (content only) for non-negative ms since the epoch. */
export function timestamp(ms: number): Uint8Array {
  const seconds = Math.floor(ms / 1000);
  return concat(varintField(1, seconds), varintField(2, (ms - seconds * 1000) * 1_000_000));
}

function readVarint(bytes: Uint8Array, start: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let at = start; at < bytes.length; at += 1) {
    const b = bytes[at]!;
    value |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value, at + 1];
    shift += 7n;
  }
  throw new RangeError('truncated varint');
}

/** Every top-level field occurrence of a message, in wire order. Throws on malformed input. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const [tag, afterTag] = readVarint(bytes, at);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    let varintValue = 0n;
    let content = new Uint8Array(0);
    at = afterTag;
    if (wireType === WireType.VARINT) {
      [varintValue, at] = readVarint(bytes, at);
    } else if (wireType === WireType.LEN) {
      const [length, afterLength] = readVarint(bytes, at);
      at = afterLength + Number(length);
      content = bytes.slice(afterLength, at);
    } else if (wireType === WireType.I64 || wireType === WireType.I32) {
      at += wireType === WireType.I64 ? 8 : 4;
      content = bytes.slice(at - (wireType === WireType.I64 ? 8 : 4), at);
    } else {
      throw new RangeError(`unsupported wire type ${wireType}`);
    }
    if (at > bytes.length) throw new RangeError('truncated field');
    fields.push({ field, wireType, varint: varintValue, bytes: content, raw: bytes.slice(start, at) });
  }
  return fields;
}

/** The last varint value of `field` (protobuf: the last occurrence of a scalar wins), 0n when absent. */
export function lastVarint(fields: readonly WireField[], field: number): bigint {
  return fields.filter((f) => f.field === field && f.wireType === WireType.VARINT).at(-1)?.varint ?? 0n;
}

/** Milliseconds of an encoded `google.protobuf.Timestamp` (non-negative times). */
export function timestampMillis(content: Uint8Array): number {
  const fields = readFields(content);
  return Number(lastVarint(fields, 1)) * 1000 + Number(lastVarint(fields, 2)) / 1_000_000;
}
