import { DataType, VariantArrayType } from 'node-opcua';

/** The parts of a Variant the conversion reads (a node-opcua `Variant` is one). */
export interface VariantLike {
  readonly dataType: DataType;
  readonly arrayType?: VariantArrayType | undefined;
  readonly value: unknown;
}

/** Which part of a node's value a signal reads: an element (`indexRange`) and/or a field of a structure (`field`). */
export interface ValuePart {
  /** OPC UA NumericRange, already requested from the server with the monitored item. */
  readonly indexRange?: string | undefined;
  /** Field of the structure value, nested names joined by `.`. */
  readonly field?: string | undefined;
}

/**
 * Why the part of a value could not be taken: the range did not give exactly one element
 * (`not_one_element`), the value is no structure (`not_a_structure`), or the structure has
 * no such field (`missing_field`).
 */
export const PART_FAILURE_REASONS = ['not_one_element', 'not_a_structure', 'missing_field'] as const;

/** Why the part of a value could not be taken (see {@link PART_FAILURE_REASONS}). */
export type PartFailureReason = (typeof PART_FAILURE_REASONS)[number];

/** The selected part as a Variant, or why there is none. */
export type PartSelection =
  | { readonly ok: true; readonly variant: VariantLike }
  | { readonly ok: false; readonly reason: PartFailureReason; readonly detail: string };

/** True when a NumericRange names one element per dimension (`0`, `2,3`), not a range (`0:3`). */
export function selectsSingleElement(indexRange: string): boolean {
  return !indexRange.includes(':');
}

/** A field of a decoded structure as node-opcua describes it (`schema.fields`). */
interface FieldDescription {
  readonly name: string;
  readonly fieldType?: string;
  readonly isArray?: boolean;
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** node-opcua names decoded fields with a lower-case first letter (`AccCount` → `accCount`); the address may use either. */
function fieldOf(structure: object, name: string): { found: boolean; value: unknown; description: FieldDescription | undefined } {
  const fields = (structure as { schema?: { fields?: readonly FieldDescription[] } }).schema?.fields ?? [];
  const candidates = [name, lowerFirst(name)];
  const description = fields.find((f) => candidates.includes(f.name) || lowerFirst(f.name) === lowerFirst(name));
  for (const key of [description?.name, ...candidates]) {
    if (key !== undefined && Object.prototype.hasOwnProperty.call(structure, key)) {
      return { found: true, value: (structure as Record<string, unknown>)[key], description };
    }
  }
  return { found: false, value: undefined, description };
}

/** The built-in DataType of a field value: from the structure's description, else from the JavaScript value. */
function dataTypeOf(value: unknown, description: FieldDescription | undefined): DataType {
  const named = description?.fieldType === undefined ? undefined : (DataType as unknown as Record<string, DataType | undefined>)[description.fieldType];
  if (typeof named === 'number') return named;
  if (typeof value === 'boolean') return DataType.Boolean;
  if (typeof value === 'string') return DataType.String;
  if (typeof value === 'bigint') return DataType.Int64;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? DataType.Int64 : DataType.Double;
  if (value instanceof Uint8Array) return DataType.ByteString;
  if (value !== null && typeof value === 'object') return DataType.ExtensionObject;
  return DataType.Null;
}

const fail = (reason: PartFailureReason, detail: string): PartSelection => ({ ok: false, reason, detail });

/**
 * The part of a (good or uncertain) value a signal reads:
 *
 * - `indexRange` naming single elements (`0`): the server returns an array of one element for
 *   it; that element becomes a scalar value (an array of any other length is `not_one_element`).
 *   A range (`0:3`) keeps the array; a scalar (a String range) stays as it is.
 * - `field`: the value must be a decoded structure (an ExtensionObject scalar, else
 *   `not_a_structure`) with that field (else `missing_field`; `AccCount` and `accCount` are
 *   the same field); nested names are followed one by one. The field's value keeps the type
 *   the structure declares (an Int32 counter stays an integer).
 */
export function selectValuePart(variant: VariantLike, part: ValuePart): PartSelection {
  let current: VariantLike = variant;
  if (part.indexRange !== undefined && selectsSingleElement(part.indexRange) && current.arrayType !== undefined && current.arrayType !== VariantArrayType.Scalar) {
    const elements = current.value as ArrayLike<unknown> | null | undefined;
    const length = elements?.length ?? 0;
    if (length !== 1) return fail('not_one_element', `indexRange ${part.indexRange} gave ${length} elements, not one`);
    current = ({ dataType: current.dataType, arrayType: VariantArrayType.Scalar, value: elements![0] });
  }
  if (part.field === undefined) return { ok: true, variant: current };
  let value: unknown = current.value;
  let dataType = current.dataType;
  const isArray = current.arrayType !== undefined && current.arrayType !== VariantArrayType.Scalar;
  let path = '';
  for (const name of part.field.split('.')) {
    const where = path === '' ? 'the value' : `field ${path}`;
    if (isArray && path === '') return fail('not_a_structure', `${where} is an array of ${DataType[dataType] ?? dataType}, not a structure${part.indexRange === undefined ? ': add indexRange to pick one element' : ''}`);
    if (dataType !== DataType.ExtensionObject || value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail('not_a_structure', `${where} is ${value === null || value === undefined ? 'null' : DataType[dataType] ?? typeof value}, not a structure with field ${name}`);
    }
    const found = fieldOf(value, name);
    if (!found.found) {
      const known = ((value as { schema?: { fields?: readonly FieldDescription[] } }).schema?.fields ?? []).map((f) => f.name);
      return fail('missing_field', `${where} has no field ${name}${known.length > 0 ? ` (fields: ${known.join(', ')})` : ''}`);
    }
    path = path === '' ? name : `${path}.${name}`;
    value = found.value;
    dataType = found.description?.isArray === true ? DataType.Null : dataTypeOf(value, found.description);
    if (found.description?.isArray === true || Array.isArray(value)) {
      return { ok: true, variant: ({ dataType: dataTypeOf(Array.isArray(value) ? value[0] : undefined, found.description), arrayType: VariantArrayType.Array, value }) };
    }
  }
  return { ok: true, variant: ({ dataType, value }) };
}
