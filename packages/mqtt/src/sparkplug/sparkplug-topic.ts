/** The Sparkplug B topic namespace (first topic level). */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

/** Message types of edge nodes and devices (the third topic level). */
export const SPARKPLUG_MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'NDATA', 'NCMD', 'DBIRTH', 'DDEATH', 'DDATA', 'DCMD'] as const;

/** A Sparkplug message type of an edge node (`N…`) or device (`D…`). */
export type SparkplugMessageType = (typeof SPARKPLUG_MESSAGE_TYPES)[number];

/** A parsed Sparkplug topic. */
export type SparkplugTopic =
  /** `spBv1.0/STATE/<hostId>`: a host application's birth or death certificate. */
  | { readonly kind: 'state'; readonly hostId: string }
  /** `spBv1.0/<group>/<type>/<edge node>[/<device>]`; `deviceId` exactly for the `D…` types. */
  | {
      readonly kind: 'edge';
      readonly groupId: string;
      readonly messageType: SparkplugMessageType;
      readonly edgeNodeId: string;
      readonly deviceId?: string;
    };

const TYPES = new Set<string>(SPARKPLUG_MESSAGE_TYPES);
/** A valid group, edge node, device or host id: non-empty, without `/`, `+`, `#`. */
export const SPARKPLUG_ID = /^[^/+#]+$/;

/**
 * Parses a topic of the Sparkplug B namespace (§4.1: `namespace/group_id/message_type/
 * edge_node_id/[device_id]`, and `spBv1.0/STATE/sparkplug_host_id`). Returns undefined for
 * anything else: another namespace, an unknown message type, a device id on a node message
 * or none on a device message, empty levels.
 */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const levels = topic.split('/');
  if (levels[0] !== SPARKPLUG_NAMESPACE || levels.some((l) => l === '')) return undefined;
  if (levels[1] === 'STATE') return levels.length === 3 ? { kind: 'state', hostId: levels[2]! } : undefined;
  const [, groupId, messageType, edgeNodeId, deviceId] = levels;
  if (groupId === undefined || messageType === undefined || edgeNodeId === undefined || !TYPES.has(messageType)) return undefined;
  const forDevice = messageType.startsWith('D');
  if (forDevice ? levels.length !== 5 : levels.length !== 4) return undefined;
  return {
    kind: 'edge',
    groupId,
    messageType: messageType as SparkplugMessageType,
    edgeNodeId,
    ...(deviceId === undefined ? {} : { deviceId }),
  };
}

/** The topic of a message of an edge node (`deviceId` absent) or of one of its devices. */
export function sparkplugTopic(groupId: string, messageType: SparkplugMessageType, edgeNodeId: string, deviceId?: string): string {
  return [SPARKPLUG_NAMESPACE, groupId, messageType, edgeNodeId, ...(deviceId === undefined ? [] : [deviceId])].join('/');
}

/** `spBv1.0/STATE/<hostId>`: where a host application publishes its birth and death certificates. */
export function sparkplugStateTopic(hostId: string): string {
  return `${SPARKPLUG_NAMESPACE}/STATE/${hostId}`;
}
