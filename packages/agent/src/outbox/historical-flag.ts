/**
 * The protobuf bytes of `BatchPayload.historical = true`: field 3, wire type 0 (varint) —
 * tag (3 << 3) | 0 = 0x18 — and the value 1.
 */
export const HISTORICAL_TRUE_FIELD: Uint8Array = Uint8Array.of(0x18, 0x01);

/**
 * `payload` (an encoded `BatchPayload`) with `historical` set, without decoding it: the field
 * bytes are appended, and for a scalar field the last occurrence on the wire wins, so every
 * other field decodes exactly as before. The result is 2 bytes longer.
 */
export function markHistorical(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + HISTORICAL_TRUE_FIELD.length);
  out.set(payload, 0);
  out.set(HISTORICAL_TRUE_FIELD, payload.length);
  return out;
}
