import { type Options, type PackageDefinition, fromJSON } from '@grpc/proto-loader';
import type { INamespace } from 'protobufjs';
import descriptor from './gen/descriptor.json' with { type: 'json' };

/**
 * How every Rongtong peer converts protobuf messages to JavaScript objects — the options
 * the generated types in `gen/` were made for. int64 is a decimal string (never `Long`),
 * enums are their names, bytes are Buffers, absent fields get their defaults, and each
 * oneof has a virtual field naming the member that is set.
 */
export const LOADER_OPTIONS: Readonly<Options> = Object.freeze({
  keepCase: false,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
});

let cached: PackageDefinition | undefined;

/**
 * The `rongtong.v1` package definition (plus the well-known types it uses), from the
 * generated descriptor — no `.proto` files are read at run time. Pass it to
 * `@grpc/grpc-js`'s `loadPackageDefinition`, or index it by service name
 * (`rongtong.v1.IngestService`) to register a service on a server.
 */
export function rongtongPackageDefinition(): PackageDefinition {
  cached ??= fromJSON(descriptor as INamespace, LOADER_OPTIONS);
  return cached;
}
