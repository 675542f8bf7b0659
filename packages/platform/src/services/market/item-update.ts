import { invalidArgument } from '../validate.js';

/**
 * The domain fields an update mask names (`fields` maps proto names to domain names); an
 * empty mask names every mutable field. An unknown name is INVALID_ARGUMENT naming
 * `update_mask.paths[i]`.
 */
export function maskedItemFields<F extends string>(paths: readonly string[], fields: Readonly<Record<string, F>>, message: string): F[] {
  const all = [...new Set(Object.values(fields))];
  if (paths.length === 0) return all;
  const out: F[] = [];
  const violations = paths.flatMap((path, i) => {
    const field = fields[path];
    if (field === undefined) {
      return [{ path: `update_mask.paths[${i}]`, reason: `${JSON.stringify(path)} is not a mutable ${message} field: use ${Object.keys(fields).join(', ')}` }];
    }
    if (!out.includes(field)) out.push(field);
    return [];
  });
  if (violations.length > 0) throw invalidArgument(violations);
  return out;
}

/** The stored values with the masked fields taken from `incoming`. */
export function mergeFields<F extends string>(stored: object, incoming: Readonly<Record<F, unknown>>, fields: readonly F[]): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const field of fields) merged[field] = incoming[field];
  return merged;
}

/** True when any of `fields` differs between two versions of an item (compared as JSON). */
export function anyFieldChanged(before: object, after: object, fields: readonly string[]): boolean {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return fields.some((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null));
}
