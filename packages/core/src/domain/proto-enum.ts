/**
 * Mapping between the domain's enum values (lower snake case, e.g. `large`, `feed:read`)
 * and the names of the matching `rongtong.v1` proto enum values (`SIZE_CLASS_LARGE`,
 * `SCOPE_FEED_READ`). One generic pair for every enum, instead of one mapper per enum.
 */

/** Replaces every `:` in a string literal type with `_` (`feed:read` → `feed_read`). */
type ColonsToUnderscores<S extends string> = S extends `${infer Head}:${infer Tail}`
  ? `${Head}_${ColonsToUnderscores<Tail>}`
  : S;

/** The proto enum value name of domain value `V` under enum prefix `P`. */
export type ProtoEnumName<P extends string, V extends string> = `${P}_${Uppercase<ColonsToUnderscores<V>>}`;

/**
 * The proto enum value name of a domain enum value: `prefix + '_' + value` in upper case,
 * with `:` turned into `_`.
 *
 * @example enumToProto('SIZE_CLASS', 'large') // 'SIZE_CLASS_LARGE'
 * @example enumToProto('SCOPE', 'feed:read') // 'SCOPE_FEED_READ'
 */
export function enumToProto<const P extends string, const V extends string>(prefix: P, value: V): ProtoEnumName<P, V> {
  return `${prefix}_${value.replaceAll(':', '_').toUpperCase()}` as ProtoEnumName<P, V>;
}

/**
 * The domain value of a proto enum value name, looked up among `values` (the domain
 * enum's values, e.g. `SIZE_CLASSES`).
 *
 * Returns `undefined` for `<prefix>_UNSPECIFIED` (the domain model represents "not
 * stated" by an absent field) and for any name that is not one of `values` under
 * `prefix` — proto3 enums are open, so a newer peer may send values this version does
 * not know; the caller decides whether that is an error.
 *
 * @example enumFromProto('SIZE_CLASS', SIZE_CLASSES, 'SIZE_CLASS_LARGE') // 'large'
 * @example enumFromProto('SCOPE', SCOPES, 'SCOPE_FEED_READ') // 'feed:read'
 */
export function enumFromProto<const V extends string>(
  prefix: string,
  values: readonly V[],
  name: string,
): V | undefined {
  return values.find((value) => enumToProto(prefix, value) === name);
}
