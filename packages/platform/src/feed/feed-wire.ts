import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { SERVICE_NAMES, feedEventCodec, rongtongPackageDefinition, type FeedEvent__Output, type SubscribeResponse } from '@rongtong/protocol';
import type { FeedEventRecord } from '../store/records.js';
import { encodeCursor } from './cursor.js';

/**
 * How feed events reach the wire. The store keeps each event as the encoded
 * `rongtong.v1.FeedEvent` without its cursor, so the encoded `SubscribeResponse { event }`
 * is the body with the cursor field (1) spliced in front:
 *
 *     0x0a len(event) ‖ 0x0a len(cursor) cursor ‖ body
 *
 * which decodes to exactly what the stock serializer makes of the decoded event (it is
 * not byte-identical only because protobufjs re-encodes zero values it was handed
 * explicitly). Splicing costs ~1.6 µs per event, where decoding and re-encoding through
 * the stub conversions costs ~23 µs for a 54-byte GAP event and ~890 µs for a SAMPLES
 * event of 100 samples. So each event is written as a response object that carries its
 * spliced bytes under a private symbol and decodes lazily when something reads `event`:
 * registered with `feedServiceDefinition()` (whose serializer takes the bytes) it is
 * never decoded; registered with the stock definition it is decoded once and encoded
 * by the stock serializer, slower but equally correct.
 */
const SPLICED = Symbol('rongtong.feed.spliced');

/** A SubscribeResponse for one stored event, with its wire bytes ready. */
export type FeedEventResponse = SubscribeResponse & { readonly [SPLICED]: () => Buffer };

/** The response that delivers `record` with its cursor. */
export function eventResponse(record: FeedEventRecord): FeedEventResponse {
  const cursor = encodeCursor(record.seq);
  let decoded: FeedEvent__Output | undefined;
  return {
    [SPLICED]: () => spliceEventResponse(record.body, cursor),
    get event(): FeedEvent__Output {
      decoded ??= { ...feedEventCodec.decode(record.body), cursor };
      return decoded;
    },
  };
}

/** The encoded `SubscribeResponse { event }` for an encoded cursor-less FeedEvent `body` and its cursor. */
export function spliceEventResponse(body: Uint8Array, cursor: string): Buffer {
  const cursorBytes = Buffer.from(cursor, 'utf8');
  const cursorField = Buffer.concat([Buffer.from([0x0a]), varint(cursorBytes.length), cursorBytes]);
  const eventLength = varint(cursorField.length + body.length);
  return Buffer.concat([Buffer.from([0x0a]), eventLength, cursorField, body]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function isSpliced(value: unknown): value is FeedEventResponse {
  return typeof value === 'object' && value !== null && SPLICED in value;
}

let cached: ServiceDefinition | undefined;

/**
 * The `rongtong.v1.FeedService` service definition to register the feed's handlers with:
 * the stock one, except that event responses are written as their spliced bytes instead
 * of being decoded and re-encoded. (The stock definition works too, only slower.)
 */
export function feedServiceDefinition(): ServiceDefinition {
  if (cached) return cached;
  const stock = rongtongPackageDefinition()[SERVICE_NAMES.feed] as unknown as ServiceDefinition;
  const subscribe = stock.Subscribe as MethodDefinition<unknown, unknown>;
  cached = {
    ...stock,
    Subscribe: {
      ...subscribe,
      responseSerialize: (value: unknown) => (isSpliced(value) ? value[SPLICED]() : subscribe.responseSerialize(value)),
    },
  };
  return cached;
}
