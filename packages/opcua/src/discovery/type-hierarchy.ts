import type { TypeNode } from './address-space-snapshot.js';

/** Questions about a server's type hierarchy (portable NodeIds). */
export interface TypeHierarchy {
  /** True when `type` is `base` or one of its subtypes, at any depth. */
  isA(type: string | undefined, base: string): boolean;
  /** `type` and its supertypes, nearest first, as far as known (a loop in a broken server ends it). */
  chain(type: string): string[];
  /** The BrowseName name of a type, if known. */
  name(type: string): string | undefined;
  /** The first type of `type`'s chain that `pick` returns a value for. */
  nearest<T>(type: string, pick: (type: string) => T | undefined): T | undefined;
}

/**
 * The type hierarchy of a snapshot's types: each type's supertype, followed up to a root.
 * Recognising a machine "by type definition" means `isA(typeDefinition, MachineToolType)`:
 * a vendor's subtype of a standard type is recognised like the standard type.
 */
export function createTypeHierarchy(types: ReadonlyMap<string, TypeNode>): TypeHierarchy {
  const chains = new Map<string, string[]>();
  const chain = (type: string): string[] => {
    const cached = chains.get(type);
    if (cached) return cached;
    const out: string[] = [];
    const seen = new Set<string>();
    for (let at: string | undefined = type; at !== undefined && !seen.has(at); at = types.get(at)?.supertype) {
      seen.add(at);
      out.push(at);
    }
    chains.set(type, out);
    return out;
  };
  return {
    isA: (type, base) => type !== undefined && type !== '' && chain(type).includes(base),
    chain,
    name: (type) => types.get(type)?.browseName.name,
    nearest(type, pick) {
      for (const t of chain(type)) {
        const value = pick(t);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  };
}
