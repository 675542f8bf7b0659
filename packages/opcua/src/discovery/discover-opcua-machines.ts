import { RongtongError, fromZodError } from '@rongtong/core';
import { AttributeIds, type NodeId, VariableIds, makeNodeId } from 'node-opcua';
import { z } from 'zod';
import { resolveNodeId } from '../node-id-resolution.js';
import { type OpcuaLogger, silentOpcuaLogger } from '../opcua-logger.js';
import { OpcuaConnectionConfigSchema, checkOpcuaConnectionConfig, effectiveSecurityPolicy } from '../opcua-source-config.js';
import { type OneShotSession, openOneShotSession } from '../one-shot-session.js';
import type { TypeNode } from './address-space-snapshot.js';
import { browseObjects } from './browse-objects.js';
import { type DiscoveryFacts, type VariableType, completeDiscovery, variablesToRead, variablesToType } from './complete-discovery.js';
import type { DiscoveryConnection, DiscoveryResult } from './discovery-result.js';
import { createDiscoverySession } from './discovery-session.js';
import { portableNodeId } from './portable-node-id.js';
import { recognizeMachines } from './recognize-machines.js';
import { resolveTypes } from './resolve-types.js';
import { createTypeHierarchy } from './type-hierarchy.js';

/**
 * Options of {@link discoverOpcuaMachines}: the connection exactly as the `opcua` source takes
 * it (endpoint, security mode and policy, user, `pkiDir` and its trust lists, pinned server
 * certificates, timeouts; `OpcuaConnectionConfigSchema`'s fields and rules) and how much to
 * browse. Give discovery the `pkiDir` the agent will use, so a server certificate accepted
 * once (`rongtong-agent trust accept`) serves both.
 */
export const DiscoveryOptionsSchema = OpcuaConnectionConfigSchema.pick({
  endpointUrl: true,
  securityMode: true,
  securityPolicy: true,
  allowDeprecatedPolicies: true,
  user: true,
  pkiDir: true,
  pinnedServerCertificates: true,
  applicationName: true,
  connectTimeoutMs: true,
  requestTimeoutMs: true,
  sessionTimeoutMs: true,
  keepAliveIntervalMs: true,
})
  .extend({
    maxNodes: z
      .int()
      .min(1)
      .max(10_000_000)
      .default(100_000)
      .describe('most Objects and Variables browsed below the Objects folder (default 100000); beyond, the result is truncated with a warning'),
    maxNodesPerBrowse: z
      .int()
      .min(1)
      .max(100_000)
      .default(1_000)
      .describe("nodes per Browse / BrowseNext request (default 1000); the server's MaxNodesPerBrowse lowers it"),
    maxNodesPerRead: z
      .int()
      .min(1)
      .max(100_000)
      .default(1_000)
      .describe("nodes per Read request (default 1000); the server's MaxNodesPerRead lowers it"),
    maxReferencesPerNode: z
      .int()
      .min(1)
      .max(100_000)
      .default(1_000)
      .describe('references asked per node in one Browse (default 1000); the rest come through continuation points'),
  })
  .strict()
  .superRefine(checkOpcuaConnectionConfig)
  .describe('OPC UA discovery: the connection of an opcua source, and browse limits');

/** Discovery options as written (see {@link DiscoveryOptionsSchema}). */
export type DiscoveryOptionsInput = z.input<typeof DiscoveryOptionsSchema>;
/** Parsed discovery options. */
export type DiscoveryOptions = z.infer<typeof DiscoveryOptionsSchema>;

/** Options of {@link discoverOpcuaMachines}: {@link DiscoveryOptionsInput} plus cancellation and logging. */
export interface DiscoverOpcuaMachinesOptions extends DiscoveryOptionsInput {
  /** Aborting it closes the session; the promise rejects with `CANCELLED`. */
  readonly signal?: AbortSignal;
  /** Logger (pino-compatible); silent when absent. */
  readonly logger?: OpcuaLogger;
  /** The PKI folder `rongtong-agent trust accept` uses without flags; when `pkiDir` is another, an untrusted certificate's error names `--pki-dir`. */
  readonly trustDefaultPkiDir?: string;
}

/** The lower of a configured limit and the server's (0 = the server sets none). */
const lowered = (configured: number, server: number): number => (server > 0 ? Math.min(configured, server) : configured);

function connectionOf(options: DiscoveryOptions): DiscoveryConnection {
  const user: DiscoveryConnection['user'] =
    options.user.username !== undefined
      ? { kind: 'username', username: options.user.username }
      : options.user.certificate !== undefined
        ? { kind: 'certificate' }
        : { kind: 'anonymous' };
  return { endpointUrl: options.endpointUrl, securityMode: options.securityMode, securityPolicy: effectiveSecurityPolicy(options), user };
}

function plainValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'text' in value) return { text: value.text };
  return value;
}

/**
 * Connects once (as the `opcua` source would: same security, user, PKI and trust; an untrusted
 * server certificate is `FAILED_PRECONDITION` naming its thumbprint), browses the address
 * space from the Objects folder within the server's operation limits, resolves every type
 * definition through the type hierarchy, and recognises the machines of the standard models
 * (see `recognizeMachines`): Machine Tools and PackML machines by type definition (subtypes
 * included), Machinery machines in the `Machines` folder; namespaces by URI, never by index.
 * Then it reads the DataType of every signal variable (counter `wrapsAt`) and the values of the
 * identification and design speed. Objects with plain variables and no standard type are
 * `unrecognised`, with suggestions from their names.
 *
 * Errors: `INVALID_CONFIG` for bad options (naming the field), the connection errors of the
 * source, `UNAVAILABLE` when the server fails during the browse, `CANCELLED` on abort. Nothing
 * is left open afterwards.
 *
 * @example
 * ```ts
 * const result = await discoverOpcuaMachines({
 *   endpointUrl: 'opc.tcp://192.168.1.20:4840',
 *   securityMode: 'SignAndEncrypt',
 *   user: { username: 'rongtong', password },
 *   pkiDir: '/var/lib/rongtong/pki/opcua',
 * });
 * const { yaml } = discoveryToAgentConfig(result, { sourceId: 'workshop-opcua' });
 * ```
 */
export async function discoverOpcuaMachines(options: DiscoverOpcuaMachinesOptions): Promise<DiscoveryResult> {
  const { signal, logger: givenLogger, trustDefaultPkiDir, ...input } = options;
  const parsed = DiscoveryOptionsSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, 'opcua discovery options', 'INVALID_CONFIG');
  const config = parsed.data;
  const logger = givenLogger ?? silentOpcuaLogger;
  const connection = connectionOf(config);
  const started = Date.now();
  logger.info({ endpointUrl: config.endpointUrl, security: `${connection.securityMode} / ${connection.securityPolicy}` }, 'OPC UA discovery started');

  const oneShot: OneShotSession = await openOneShotSession(config, { clientName: 'rongtong-discovery', logger, signal, trustDefaultPkiDir });
  const onAbort = (): void => void oneShot.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { session, namespaceArray, limits } = oneShot.open;
    const [browseLimit] = await session.read([
      { nodeId: makeNodeId(VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerBrowse), attributeId: AttributeIds.Value },
    ]);
    const serverMaxNodesPerBrowse = browseLimit?.statusCode.isGood() && typeof browseLimit.value.value === 'number' ? browseLimit.value.value : 0;
    const ds = createDiscoverySession({
      session,
      namespaceArray,
      maxNodesPerBrowse: lowered(config.maxNodesPerBrowse, serverMaxNodesPerBrowse),
      maxNodesPerRead: lowered(config.maxNodesPerRead, limits.maxNodesPerRead),
      maxReferencesPerNode: config.maxReferencesPerNode,
      requestTimeoutMs: config.requestTimeoutMs,
      endpointUrl: config.endpointUrl,
      signal,
    });
    const warnings: string[] = [];

    const browsed = await browseObjects(ds, config.maxNodes);
    warnings.push(...browsed.warnings);
    const types = new Map<string, TypeNode>();
    await resolveTypes(
      ds,
      browsed.nodes.map((n) => n.typeDefinition),
      types,
      warnings,
    );
    const snapshot = { namespaceArray, nodes: browsed.nodes, types };
    const recognition = recognizeMachines(snapshot, createTypeHierarchy(types));

    // What recognition needs read: data types of the signal variables, identification values.
    const typedIds = variablesToType(recognition).flatMap((id) => {
      const r = resolveNodeId(id, namespaceArray);
      return r.ok ? [{ id, nodeId: r.nodeId }] : [];
    });
    const typeValues = await ds.read(
      typedIds.flatMap((t) => [
        { nodeId: t.nodeId, attributeId: AttributeIds.DataType },
        { nodeId: t.nodeId, attributeId: AttributeIds.ValueRank },
      ]),
    );
    const variableTypes = new Map<string, VariableType>();
    typedIds.forEach((t, i) => {
      const dataType = typeValues[2 * i];
      const valueRank = typeValues[2 * i + 1];
      if (!dataType?.statusCode.isGood()) return;
      const rank = valueRank?.statusCode.isGood() && typeof valueRank.value.value === 'number' ? valueRank.value.value : -1;
      variableTypes.set(t.id, { dataType: portableNodeId(dataType.value.value as NodeId, namespaceArray), valueRank: rank });
    });
    await resolveTypes(
      ds,
      [...variableTypes.values()].map((v) => v.dataType),
      types,
      warnings,
    );
    const valueIds = variablesToRead(recognition).flatMap((id) => {
      const r = resolveNodeId(id, namespaceArray);
      return r.ok ? [{ id, nodeId: r.nodeId }] : [];
    });
    const read = await ds.read(valueIds.map((v) => ({ nodeId: v.nodeId, attributeId: AttributeIds.Value })));
    const values = new Map<string, unknown>();
    valueIds.forEach((v, i) => {
      const dv = read[i];
      if (dv?.statusCode.isGood()) values.set(v.id, plainValue(dv.value.value));
    });
    const facts: DiscoveryFacts = { variableTypes, values };

    const result = completeDiscovery(recognition, snapshot, facts, createTypeHierarchy(types), {
      connection,
      warnings,
      stats: {
        nodes: browsed.nodes.length,
        browseRequests: ds.counts.browseRequests,
        readRequests: ds.counts.readRequests + 1,
        truncated: browsed.truncated,
        maxNodesPerBrowse: ds.maxNodesPerBrowse,
        maxNodesPerRead: ds.maxNodesPerRead,
      },
    });
    logger.info(
      {
        endpointUrl: config.endpointUrl,
        machines: result.machines.length,
        unrecognised: result.unrecognised.length,
        nodes: result.stats.nodes,
        warnings: result.warnings.length,
        durationMs: Date.now() - started,
      },
      'OPC UA discovery done',
    );
    return result;
  } catch (err) {
    if (signal?.aborted) throw new RongtongError('CANCELLED', `discovery of ${config.endpointUrl} was cancelled`, { cause: err });
    if (err instanceof RongtongError) throw err;
    throw new RongtongError('UNAVAILABLE', `discovery of ${config.endpointUrl} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await oneShot.close();
  }
}
