import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttributeIds,
  OPCUACertificateManager,
  OPCUAClient,
  StatusCodes,
  makeBrowsePath,
  type ClientSession,
  type DataValue,
  type NodeId,
} from 'node-opcua';

/** A connected client session over loopback; `close()` disconnects and removes its PKI folder. */
export interface TestClient {
  readonly session: ClientSession;
  /** Namespace index of `uri` on the server (from its NamespaceArray). */
  ns(uri: string): number;
  /** Reads the Value attribute. */
  read(nodeId: NodeId | string): Promise<DataValue>;
  /** The node at `path` (`/`-separated `ns:Name` elements, relative references) from `start`. */
  resolve(start: NodeId | string, path: string): Promise<NodeId>;
  close(): Promise<void>;
}

/** Connects an anonymous, unsecured client to `endpointUrl`; its certificate lives in a temporary folder. */
export async function connectTestClient(endpointUrl: string): Promise<TestClient> {
  const pki = mkdtempSync(join(tmpdir(), 'rongtong-sim-client-'));
  const client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100 },
    clientCertificateManager: new OPCUACertificateManager({ rootFolder: join(pki, 'pki'), automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true }),
  });
  await client.connect(endpointUrl);
  const session = await client.createSession();
  const namespaces = await session.readNamespaceArray();
  const ns = (uri: string): number => {
    const index = namespaces.indexOf(uri);
    if (index < 0) throw new Error(`the server has no namespace ${uri}`);
    return index;
  };
  return {
    session,
    ns,
    read: (nodeId) => session.read({ nodeId, attributeId: AttributeIds.Value }),
    async resolve(start, path) {
      const result = await session.translateBrowsePath(makeBrowsePath(start, `/${path}`));
      const target = result.targets?.[0];
      if (!result.statusCode.equals(StatusCodes.Good) || target === undefined) throw new Error(`cannot resolve ${path}: ${result.statusCode.toString()}`);
      return target.targetId;
    },
    async close() {
      try {
        await session.close();
        await client.disconnect();
      } finally {
        rmSync(pki, { recursive: true, force: true });
      }
    },
  };
}

/** A UInt64 value as node-opcua delivers it (`[high, low]`) as a number. */
export function uint64(value: unknown): number {
  if (Array.isArray(value) && value.length === 2) return (value[0] as number) * 2 ** 32 + (value[1] as number);
  if (typeof value === 'number') return value;
  throw new TypeError(`not a UInt64: ${String(value)}`);
}
