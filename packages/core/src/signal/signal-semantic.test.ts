import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SIGNAL_SEMANTICS,
  isCounterSemantic,
  signalSemanticFromProto,
  signalSemanticSchema,
  signalSemanticToProto,
} from './signal-semantic.js';

describe('signal semantics', () => {
  it('matches rongtong.v1.SignalSemantic value for value', () => {
    const dir = fileURLToPath(new URL('../../../../proto/rongtong/v1/', import.meta.url));
    const proto = readdirSync(dir)
      .filter((f) => f.endsWith('.proto'))
      .map((f) => readFileSync(dir + f, 'utf8'))
      .join('\n');
    const names = [...proto.matchAll(/^\s*SIGNAL_SEMANTIC_([A-Z_]+)\s*=\s*\d+\s*;/gm)].map((m) => m[1]);
    expect(names).toEqual(['UNSPECIFIED', ...SIGNAL_SEMANTICS.map((s) => s.toUpperCase())]);
  });

  it('round-trips proto names and refuses unknown ones', () => {
    for (const s of SIGNAL_SEMANTICS) expect(signalSemanticFromProto(signalSemanticToProto(s))).toBe(s);
    expect(signalSemanticToProto('good_count')).toBe('SIGNAL_SEMANTIC_GOOD_COUNT');
    expect(signalSemanticFromProto('SIGNAL_SEMANTIC_UNSPECIFIED')).toBeUndefined();
    expect(signalSemanticFromProto('GOOD_COUNT')).toBeUndefined();
  });

  it('knows which semantics are counters', () => {
    expect(SIGNAL_SEMANTICS.filter(isCounterSemantic)).toEqual([
      'produced_count',
      'good_count',
      'bad_count',
      'rework_count',
      'cycle_count',
    ]);
    expect(signalSemanticSchema.safeParse('temperature').success).toBe(false);
  });
});
