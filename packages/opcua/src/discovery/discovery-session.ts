import { RongtongError } from '@rongtong/core';
import type { BrowseDescriptionOptions, BrowseResult, ClientSession, DataValue, ReadValueIdOptions } from 'node-opcua';
import { withTimeout } from '../opcua-connection.js';

/** The requests discovery makes on one session, within the server's operation limits, counted. */
export interface DiscoverySession {
  readonly session: ClientSession;
  readonly namespaceArray: readonly string[];
  /** Nodes per Browse / BrowseNext request: the server's MaxNodesPerBrowse, lowered by the options. */
  readonly maxNodesPerBrowse: number;
  /** Nodes per Read request: the server's MaxNodesPerRead, lowered by the options. */
  readonly maxNodesPerRead: number;
  /** Browse one batch (at most `maxNodesPerBrowse` descriptions). */
  browse(descriptions: readonly BrowseDescriptionOptions[]): Promise<BrowseResult[]>;
  /** BrowseNext one batch of continuation points (`release`: give them back without results). */
  browseNext(continuationPoints: readonly Buffer[], release: boolean): Promise<BrowseResult[]>;
  /** Reads any number of attributes, in requests of at most `maxNodesPerRead`. */
  read(nodes: readonly ReadValueIdOptions[]): Promise<DataValue[]>;
  /** Throws `CANCELLED` when the signal was aborted. */
  checkAborted(): void;
  readonly counts: { browseRequests: number; readRequests: number };
}

/** Makes the {@link DiscoverySession} of an open session. */
export function createDiscoverySession(options: {
  readonly session: ClientSession;
  readonly namespaceArray: readonly string[];
  readonly maxNodesPerBrowse: number;
  readonly maxNodesPerRead: number;
  readonly maxReferencesPerNode: number;
  readonly requestTimeoutMs: number;
  readonly endpointUrl: string;
  readonly signal?: AbortSignal | undefined;
}): DiscoverySession {
  const { session, signal } = options;
  // Asked of the server in every Browse: beyond it, the rest comes through continuation points.
  session.requestedMaxReferencesPerNode = options.maxReferencesPerNode;
  const counts = { browseRequests: 0, readRequests: 0 };
  const checkAborted = (): void => {
    if (signal?.aborted) throw new RongtongError('CANCELLED', `discovery of ${options.endpointUrl} was cancelled`);
  };
  const timed = <T>(p: Promise<T>, what: string): Promise<T> =>
    withTimeout(p, options.requestTimeoutMs * 2, `${what} on ${options.endpointUrl}: no answer within ${options.requestTimeoutMs * 2} ms`);
  return {
    session,
    namespaceArray: options.namespaceArray,
    maxNodesPerBrowse: options.maxNodesPerBrowse,
    maxNodesPerRead: options.maxNodesPerRead,
    counts,
    checkAborted,
    async browse(descriptions) {
      checkAborted();
      if (descriptions.length === 0) return [];
      counts.browseRequests += 1;
      return timed(session.browse([...descriptions]), 'Browse');
    },
    async browseNext(continuationPoints, release) {
      if (!release) checkAborted();
      if (continuationPoints.length === 0) return [];
      counts.browseRequests += 1;
      return timed(session.browseNext([...continuationPoints], release), 'BrowseNext');
    },
    async read(nodes) {
      const out: DataValue[] = [];
      for (let i = 0; i < nodes.length; i += options.maxNodesPerRead) {
        checkAborted();
        counts.readRequests += 1;
        out.push(...(await timed(session.read(nodes.slice(i, i + options.maxNodesPerRead)), 'Read')));
      }
      return out;
    },
  };
}
