import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DataQuality } from '../iso22400/data-quality.js';
import type { TimeBucket } from '../iso22400/time-bucket.js';
import { DataQualitySchema, type DATA_QUALITIES } from './data-quality-schema.js';
import { enumFromProto, enumToProto } from './proto-enum.js';
import { PROTO_ENUMS } from './proto-enums.js';
import { SCOPES } from './scope.js';
import { SIZE_CLASSES } from './size-class.js';
import { TimeBucketSchema } from './time-bucket-schema.js';

function protoSource(): string {
  const dir = fileURLToPath(new URL('../../../../proto/rongtong/v1/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .map((f) => readFileSync(dir + f, 'utf8'))
    .join('\n');
}

/** The value names of proto enum `name`, in declaration order, with their numbers. */
function protoEnumValues(source: string, name: string): { name: string; number: number }[] {
  const body = new RegExp(`^enum ${name} \\{([\\s\\S]*?)^\\}`, 'm').exec(source)?.[1];
  if (body === undefined) throw new Error(`enum ${name} not found in proto/rongtong/v1`);
  return [...body.matchAll(/^\s*([A-Z0-9_]+)\s*=\s*(\d+)\s*;/gm)].map((m) => ({ name: m[1] ?? '', number: Number(m[2]) }));
}

describe('enumToProto / enumFromProto', () => {
  it('maps lower snake case to PREFIX_UPPER_SNAKE and back', () => {
    expect(enumToProto('SIZE_CLASS', 'large')).toBe('SIZE_CLASS_LARGE');
    expect(enumToProto('DESIGNATION', 'little_giant')).toBe('DESIGNATION_LITTLE_GIANT');
    expect(enumFromProto('SIZE_CLASS', SIZE_CLASSES, 'SIZE_CLASS_MICRO')).toBe('micro');
    expect(enumFromProto('DESIGNATION', PROTO_ENUMS.Designation.values, 'DESIGNATION_INNOVATIVE_SME')).toBe('innovative_sme');
  });

  it('maps ":" to "_" for scopes', () => {
    expect(enumToProto('SCOPE', 'feed:read')).toBe('SCOPE_FEED_READ');
    expect(enumToProto('SCOPE', 'market:write')).toBe('SCOPE_MARKET_WRITE');
    expect(enumFromProto('SCOPE', SCOPES, 'SCOPE_FEED_READ')).toBe('feed:read');
    expect(enumFromProto('SCOPE', SCOPES, 'SCOPE_ADMIN')).toBe('admin');
  });

  it('types the proto name as a literal', () => {
    expectTypeOf(enumToProto('SCOPE', 'capacity:read')).toEqualTypeOf<'SCOPE_CAPACITY_READ'>();
    expectTypeOf(enumFromProto('SCOPE', SCOPES, 'x')).toEqualTypeOf<(typeof SCOPES)[number] | undefined>();
  });

  it('returns undefined for UNSPECIFIED, unknown names and other prefixes', () => {
    expect(enumFromProto('SIZE_CLASS', SIZE_CLASSES, 'SIZE_CLASS_UNSPECIFIED')).toBeUndefined();
    expect(enumFromProto('SIZE_CLASS', SIZE_CLASSES, 'SIZE_CLASS_HUGE')).toBeUndefined();
    expect(enumFromProto('SIZE_CLASS', SIZE_CLASSES, 'LARGE')).toBeUndefined();
    expect(enumFromProto('SIZE_CLASS', SIZE_CLASSES, 'size_class_large')).toBeUndefined();
    expect(enumFromProto('SCOPE', SCOPES, 'SCOPE_FEED:READ')).toBeUndefined();
  });
});

describe('domain enums against proto/rongtong/v1', () => {
  const source = protoSource();

  for (const [domainName, info] of Object.entries(PROTO_ENUMS)) {
    it(`${domainName} matches rongtong.v1.${info.protoName} value for value, in order`, () => {
      const proto = protoEnumValues(source, info.protoName);
      expect(proto.map((v) => v.name)).toEqual([
        `${info.prefix}_UNSPECIFIED`,
        ...info.values.map((v: string) => enumToProto(info.prefix, v)),
      ]);
      expect(proto.map((v) => v.number)).toEqual(proto.map((_, i) => i));
      for (const value of info.values) expect(enumFromProto(info.prefix, info.values, enumToProto(info.prefix, value))).toBe(value);
    });
  }
});

describe('reused iso22400 types', () => {
  it('DataQualitySchema is exactly DataQuality', () => {
    expectTypeOf<(typeof DATA_QUALITIES)[number]>().toEqualTypeOf<DataQuality>();
    expect(DataQualitySchema.parse('uncertain')).toBe('uncertain');
    expect(DataQualitySchema.safeParse('unknown').success).toBe(false);
  });

  it('TimeBucketSchema is exactly TimeBucket', () => {
    expectTypeOf(TimeBucketSchema.parse('apt')).toEqualTypeOf<TimeBucket>();
    expect(TimeBucketSchema.options).toEqual(['apt', 'aust', 'adet', 'adot', 'pdot', 'idle', 'unknown']);
    expect(TimeBucketSchema.safeParse('APT').success).toBe(false);
  });
});
