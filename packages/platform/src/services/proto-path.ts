/**
 * Field paths of request errors, in proto field names. The domain schemas name fields in
 * camelCase and model the `Signal.source` oneof as a union on `kind`; callers of the API
 * know the proto names (`unified_social_credit_code`, `opc_ua.node_id`).
 */

/** The proto oneof member of each `SignalSource` kind. */
const SOURCE_MEMBERS: Readonly<Record<string, string>> = {
  opcua: 'opc_ua',
  mqtt: 'mqtt',
  sparkplug: 'sparkplug',
  custom: 'custom',
};

/** Fields of type `map<string, string>`: the segment after them is a key, kept as is. */
const MAP_FIELDS: ReadonlySet<string> = new Set(['attributes']);

/** The proto (snake_case) name of a domain (camelCase) field name: `regionCode` → `region_code`. */
export function protoFieldName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function child(node: unknown, key: PropertyKey): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Record<PropertyKey, unknown>)[key];
}

/**
 * Translates a zod issue path over a domain object into proto field names, walking the
 * object itself to resolve the `source` oneof (`signals.0.source.nodeId` →
 * `signals.0.opc_ua.node_id`). Array indexes and map keys are kept.
 */
export function toProtoPath(path: readonly PropertyKey[], root: unknown): PropertyKey[] {
  const out: PropertyKey[] = [];
  let node: unknown = root;
  let mapKeyNext = false;
  for (const segment of path) {
    if (typeof segment !== 'string' || mapKeyNext) {
      out.push(segment);
      mapKeyNext = false;
    } else if (segment === 'source') {
      const kind = child(child(node, 'source'), 'kind');
      out.push((typeof kind === 'string' ? SOURCE_MEMBERS[kind] : undefined) ?? 'source');
    } else {
      out.push(protoFieldName(segment));
      mapKeyNext = MAP_FIELDS.has(segment);
    }
    node = child(node, segment);
  }
  return out;
}

/** The value found at `path` in `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) node = child(node, segment);
  return node;
}
