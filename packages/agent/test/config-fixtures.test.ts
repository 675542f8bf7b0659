import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateAgentConfigFile } from '../src/config/config-file.js';

const dir = (kind: 'valid' | 'invalid') => fileURLToPath(new URL(`./config-fixtures/${kind}/`, import.meta.url));
const invalidDir = dir('invalid');
const validDir = dir('valid');
/** Fixture file → the field paths of its errors, in file order ("" = the file as a whole). */
const expected = JSON.parse(readFileSync(`${invalidDir}expected.json`, 'utf8')) as Record<string, string[]>;
const invalidFiles = readdirSync(invalidDir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'expected.json').sort();
const validFiles = readdirSync(validDir).sort();

describe('invalid config fixtures', () => {
  it('are at least 25, and expected.json lists exactly them', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(expected).sort()).toEqual(invalidFiles);
  });

  it.each(invalidFiles)('%s: exactly the expected field paths, each with a reason and a line', (file) => {
    const report = validateAgentConfigFile(`${invalidDir}${file}`);
    expect(report.config).toBeUndefined();
    expect(report.errors.map((e) => e.path)).toEqual(expected[file]);
    for (const e of report.errors) {
      expect(e.reason).not.toBe('');
      expect(e.line).toBeGreaterThan(0);
    }
  });
});

describe('valid config fixtures', () => {
  it.each(validFiles)('%s: valid', (file) => {
    const report = validateAgentConfigFile(`${validDir}${file}`);
    expect(report.errors).toEqual([]);
    expect(report.config?.sources.length).toBeGreaterThan(0);
  });

  it('full.yaml: parsed to numbers, with defaults and no warnings', () => {
    const { config, warnings } = validateAgentConfigFile(`${validDir}full.yaml`);
    expect(warnings).toEqual([]);
    expect(config?.outbox).toEqual({ quota: { maxBytes: 536_870_912, maxAge: 604_800_000 }, durability: 'full' });
    expect(config?.uplinks.map((u) => [u.name, u.sharing, u.backoff, u.window])).toEqual([
      ['chain-leader', 'kpi', { initial: 250, max: 60_000 }, 16],
      ['bank', 'capacity', { initial: 500, max: 30_000 }, 8],
    ]);
    expect(config?.sources[0]).toMatchObject({ kind: 'generator', startTime: Date.parse('2025-01-01T00:00:00+08:00') });
  });

  it('minimal.yaml: warns that nothing is sent, and fills every default', () => {
    const { config, warnings } = validateAgentConfigFile(`${validDir}minimal.yaml`);
    expect(warnings.map((w) => w.path)).toEqual(['uplinks']);
    expect(config).toMatchObject({
      stateDir: './rongtong-state',
      batching: { maxSamples: 1000, maxDelayMs: 1000 },
      outbox: { quota: { maxBytes: 1_073_741_824, maxAge: 604_800_000 }, durability: 'full' },
      health: { listen: '127.0.0.1:9465' },
      log: { level: 'info' },
      uplinks: [],
    });
    expect(config?.signals[0]).toEqual({ id: 'm1/state', equipment: 'm1', source: 'gen', semantic: 'machine_state', unit: '', stateMappings: [] });
  });
});
