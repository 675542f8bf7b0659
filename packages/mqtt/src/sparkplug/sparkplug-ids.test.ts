import { LocalIdSchema, SignalIdSchema } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { SparkplugHierarchyMappingSchema, sparkplugEquipment } from './sparkplug-hierarchy.js';
import { DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE, capId, fillSignalIdTemplate, signalIdTemplateProblem, sparkplugIdPart } from './sparkplug-ids.js';

const T = DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE;

describe('Sparkplug signal ids', () => {
  it('fills the default template, leaving {device} out for edge node metrics', () => {
    expect(fillSignalIdTemplate(T, { groupId: 'Plant1', edgeNodeId: 'GW1', deviceId: 'Press3', metricName: 'Production/Good' })).toBe('Plant1/GW1/Press3/Production/Good');
    expect(fillSignalIdTemplate(T, { groupId: 'Plant1', edgeNodeId: 'GW1', metricName: 'CPU' })).toBe('Plant1/GW1/CPU');
    expect(fillSignalIdTemplate('{node}.{device}.{metric}', { groupId: 'g', edgeNodeId: 'n', metricName: 'm' })).toBe('n.m');
    expect(fillSignalIdTemplate('{node}:{metric}:{device}', { groupId: 'g', edgeNodeId: 'n', metricName: 'm' })).toBe('n:m');
  });

  it('makes ids safe: other characters become _, names beyond ASCII keep a hash so they stay apart', () => {
    expect(sparkplugIdPart('Good Count')).toBe('Good_Count');
    expect(sparkplugIdPart('a/b')).toBe('a_b');
    expect(sparkplugIdPart('a/b', true)).toBe('a/b');
    const output = sparkplugIdPart('产量');
    const rejects = sparkplugIdPart('废品');
    expect(output).toMatch(/^__-[0-9a-f]{8}$/);
    expect(rejects).toMatch(/^__-[0-9a-f]{8}$/);
    expect(output).not.toBe(rejects);
    expect(sparkplugIdPart('产量')).toBe(output); // deterministic
    const id = fillSignalIdTemplate(T, { groupId: '重庆一厂', edgeNodeId: '网关 1', deviceId: '3号机', metricName: '生产/产量' });
    expect(SignalIdSchema.safeParse(id).success).toBe(true);
  });

  it('caps ids at 128 characters with a hash of the whole', () => {
    const long = fillSignalIdTemplate(T, { groupId: 'g', edgeNodeId: 'n', metricName: 'x'.repeat(200) });
    expect(long).toHaveLength(128);
    expect(SignalIdSchema.safeParse(long).success).toBe(true);
    expect(capId('y'.repeat(128))).toBe('y'.repeat(128));
    expect(fillSignalIdTemplate(T, { groupId: 'g', edgeNodeId: 'n', metricName: `${'x'.repeat(200)}a` })).not.toBe(long);
  });

  it('checks templates', () => {
    expect(signalIdTemplateProblem(T)).toBeUndefined();
    expect(signalIdTemplateProblem('{group}/{node}')).toMatch(/\{metric\}/);
    expect(signalIdTemplateProblem('{line}/{metric}')).toMatch(/\{line\} is not a placeholder/);
    expect(signalIdTemplateProblem('sp {metric}')).toMatch(/\[A-Za-z0-9._:\/-\]/);
  });
});

describe('Sparkplug equipment hierarchy', () => {
  const defaults = SparkplugHierarchyMappingSchema.parse({});

  it('by default: group → line, edge node → cell, device → equipment; the edge node itself is equipment under the line', () => {
    expect(defaults).toEqual({ group: 'line', edgeNode: 'cell' });
    expect(sparkplugEquipment({ groupId: 'Plant1', edgeNodeId: 'GW1', deviceId: 'Press 3' }, defaults)).toEqual({
      id: 'Plant1.GW1.Press_3',
      name: 'Press 3',
      path: [
        { level: 'line', id: 'Plant1', name: 'Plant1' },
        { level: 'cell', id: 'Plant1.GW1', name: 'GW1' },
      ],
    });
    expect(sparkplugEquipment({ groupId: 'Plant1', edgeNodeId: 'GW1' }, defaults)).toEqual({ id: 'Plant1.GW1', name: 'GW1', path: [{ level: 'line', id: 'Plant1', name: 'Plant1' }] });
  });

  it('edge node as equipment: its devices are parts of it; group may be another level or none', () => {
    const mapping = SparkplugHierarchyMappingSchema.parse({ group: 'area', edgeNode: 'equipment' });
    expect(sparkplugEquipment({ groupId: 'Shop2', edgeNodeId: 'CNC7', deviceId: 'Spindle' }, mapping)).toEqual({ id: 'Shop2.CNC7', name: 'CNC7', path: [{ level: 'area', id: 'Shop2', name: 'Shop2' }] });
    const flat = SparkplugHierarchyMappingSchema.parse({ group: 'none' });
    expect(sparkplugEquipment({ groupId: 'g', edgeNodeId: 'n', deviceId: 'd' }, flat).path).toEqual([{ level: 'cell', id: 'g.n', name: 'n' }]);
  });

  it('gives valid ids for any Sparkplug name, and refuses a cell group with cell edge nodes', () => {
    const e = sparkplugEquipment({ groupId: '重庆一厂', edgeNodeId: '网关 1', deviceId: '3号数控车床' }, defaults);
    expect(LocalIdSchema.safeParse(e.id).success).toBe(true);
    expect(e.name).toBe('3号数控车床');
    for (const node of e.path) expect(LocalIdSchema.safeParse(node.id).success).toBe(true);
    const bad = SparkplugHierarchyMappingSchema.safeParse({ group: 'cell' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['group']);
  });
});
