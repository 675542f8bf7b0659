import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from './agent-config-schema.js';
import { checkConfigReferences } from './check-references.js';
import { loadAgentConfig } from './config-file.js';
import { validateAgentConfig } from './validate-agent-config.js';

const config = {
  agent: { name: 'a' },
  sources: [{ id: 'gen', kind: 'generator', signals: [{ id: 'm/c', pattern: { type: 'counter', ratePerSecond: 1 } }] }],
  signals: [{ id: 'm/c', equipment: 'm', source: 'gen', semantic: 'good_count', counter: { monotonic: true } }],
  equipment: [{ id: 'm', name: 'M' }],
  uplinks: [{ name: 'p', platform: '127.0.0.1:7600', sharing: 'raw', tls: false, insecure: true, token: { env: 'TOKEN' } }],
};

describe('agent config', () => {
  it('is one zod schema: parse() applies every rule, including the cross-field ones', () => {
    expect(AgentConfigSchema.parse(config).uplinks[0]?.backoff).toEqual({ initial: 500, max: 30_000 });
    const bad = AgentConfigSchema.safeParse({ ...config, signals: [{ ...config.signals[0], counter: undefined }] });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['signals.0.counter']);
  });

  it('warns about what is allowed but probably not meant', () => {
    const report = validateAgentConfig({
      ...config,
      signals: [{ ...config.signals[0], semantic: 'measurement', stateMappings: [{ rawState: 'x', bucket: 'apt' }], partsPerCycle: 2 }],
      equipment: [...config.equipment, { id: 'spare', name: 'Spare' }],
      uplinks: [
        { ...config.uplinks[0], platform: '192.168.1.5:7600', token: { value: 'inline-secret' } },
        { name: 'q', platform: 'p.example.com:7600', sharing: 'kpi', insecure: true },
      ],
      health: { listen: '0.0.0.0:9465' },
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.path)).toEqual([
      'uplinks.0.token',
      'health.listen',
      'uplinks.0.tls',
      'uplinks.1.insecure',
      'signals.0.counter',
      'signals.0.stateMappings',
      'signals.0.partsPerCycle',
      'equipment.1',
    ]);
    expect(JSON.stringify(report)).not.toContain('inline-secret');
  });

  it('checks secrets and TLS files only when asked, naming the variable or file', () => {
    const parsed = AgentConfigSchema.parse({ ...config, uplinks: [{ ...config.uplinks[0], tls: { ca: '/nonexistent/ca.pem' }, insecure: false }] });
    expect(checkConfigReferences(parsed, { env: {} })).toEqual([
      { path: 'uplinks.0.token', reason: 'environment variable TOKEN is not set' },
      { path: 'uplinks.0.tls.ca', reason: 'cannot read /nonexistent/ca.pem (ENOENT)' },
    ]);
    expect(checkConfigReferences(parsed, { env: { TOKEN: 't' }, access: () => undefined })).toEqual([]);
  });

  it('loadAgentConfig returns the config or throws INVALID_CONFIG with every field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rongtong-agent-config-'));
    try {
      const good = join(dir, 'agent.json');
      writeFileSync(good, JSON.stringify(config));
      expect(loadAgentConfig(good).config.agent.name).toBe('a');
      const bad = join(dir, 'agent.yaml');
      writeFileSync(bad, 'agent: {}\nsources: []\n');
      expect(() => loadAgentConfig(bad)).toThrow(expect.objectContaining({
        code: 'INVALID_CONFIG',
        fieldViolations: [
          { path: 'agent.name', reason: 'required (string)' },
          { path: 'sources', reason: 'at least one source is needed' },
        ],
      }));
      expect(() => loadAgentConfig(join(dir, 'missing.yaml'))).toThrow(/cannot read .*missing\.yaml \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
