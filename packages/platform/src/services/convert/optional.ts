/** A proto3 string field as the domain model has it: the empty string is an absent value. */
export function optionalString(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

/** A proto3 number field as the domain model has it: 0 is an absent value. */
export function optionalNumber(value: number | null | undefined): number | undefined {
  return value === null || value === undefined || value === 0 ? undefined : value;
}
