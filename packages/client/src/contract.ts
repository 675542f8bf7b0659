import * as grpc from '@grpc/grpc-js';
import { type ProtoGrpcType, rongtongPackageDefinition } from '@rongtong/protocol';

/** The `rongtong.v1` namespace as grpc-js loads it: service constructors with their method definitions. */
export type RongtongV1 = ProtoGrpcType['rongtong']['v1'];

let loaded: RongtongV1 | undefined;

/**
 * The v1 contract loaded into grpc-js once per process. Its services' `service`
 * definitions give each method's path and (de)serializers, typed by the generated code.
 */
export function contract(): RongtongV1 {
  loaded ??= (grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType).rongtong.v1;
  return loaded;
}
