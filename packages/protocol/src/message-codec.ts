import protobuf from 'protobufjs';
import descriptor from './gen/descriptor.json' with { type: 'json' };
import type {
  BatchPayload,
  BatchPayload__Output,
  ErrorDetail,
  ErrorDetail__Output,
  EvidenceBundle,
  EvidenceBundle__Output,
  FeedEvent,
  FeedEvent__Output,
} from './gen/types.js';
import { LOADER_OPTIONS } from './package-definition.js';

/** Encodes and decodes one message type with the same conversions as the gRPC stubs. */
export interface MessageCodec<Input, Output> {
  /** Fully-qualified message name, e.g. `rongtong.v1.BatchPayload`. */
  readonly typeName: string;
  /**
   * Protobuf bytes of a message. Throws a TypeError naming the field when the input does
   * not fit the message (wrong type, unknown enum name).
   */
  encode(message: Input): Uint8Array;
  /** The message in bytes, as the generated `__Output` type. Throws on malformed bytes. */
  decode(bytes: Uint8Array): Output;
}

let root: protobuf.Root | undefined;

/** The protobufjs root of the contract, built once from the generated descriptor. */
function contractRoot(): protobuf.Root {
  root ??= protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
  return root;
}

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: LOADER_OPTIONS.defaults ?? true,
  oneofs: LOADER_OPTIONS.oneofs ?? true,
};

/**
 * A codec for a message of the contract that travels inside another message as bytes
 * (`BatchPayload` inside `SignedBatch.payload`, `ErrorDetail` in a trailer). It converts
 * exactly as `rongtongPackageDefinition()` does: int64 as decimal strings, enums by name.
 */
export function createMessageCodec<Input extends object, Output>(typeName: string): MessageCodec<Input, Output> {
  const type = contractRoot().lookupType(typeName);
  return {
    typeName,
    encode(message: Input): Uint8Array {
      const instance = type.fromObject(message);
      const problem = type.verify(instance);
      if (problem) throw new TypeError(`${typeName}: ${problem}`);
      return type.encode(instance).finish();
    },
    decode(bytes: Uint8Array): Output {
      // A Buffer makes protobufjs decode bytes fields as Buffers, as the generated types say.
      const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return type.toObject(type.decode(buffer), TO_OBJECT) as Output;
    },
  };
}

/** Codec of `rongtong.v1.BatchPayload`, the signed content of a batch. */
export const batchPayloadCodec: MessageCodec<BatchPayload, BatchPayload__Output> = createMessageCodec('rongtong.v1.BatchPayload');

/** Codec of `rongtong.v1.ErrorDetail`, sent in the `rongtong-error-bin` trailer. */
export const errorDetailCodec: MessageCodec<ErrorDetail, ErrorDetail__Output> = createMessageCodec('rongtong.v1.ErrorDetail');

/** Codec of `rongtong.v1.FeedEvent` (stores keep events encoded; the feed sends them on). */
export const feedEventCodec: MessageCodec<FeedEvent, FeedEvent__Output> = createMessageCodec('rongtong.v1.FeedEvent');

/** Codec of `rongtong.v1.EvidenceBundle`, the offline-verifiable evidence of a capacity record (files, `GetEvidence`). */
export const evidenceBundleCodec: MessageCodec<EvidenceBundle, EvidenceBundle__Output> = createMessageCodec('rongtong.v1.EvidenceBundle');
