import { PACKML_STATE_MAPPING, SignalSchema } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { variablesToRead, variablesToType } from './complete-discovery.js';
import type { DiscoveryResult } from './discovery-result.js';
import { PACKML_STATE_MAPPINGS, recognizeMachines } from './recognize-machines.js';
import { OPCUA_MODEL_URIS, STANDARD_NODES as N } from './standard-models.js';
import { discover, p, plant } from './test-support/plant-snapshot.js';
import { VENDOR, snapshotBuilder } from './test-support/snapshot-builder.js';
import { createTypeHierarchy } from './type-hierarchy.js';

const { ua, machinery } = OPCUA_MODEL_URIS;

const signalsOf = (result: DiscoveryResult, id: string) => Object.fromEntries(result.machines.find((m) => m.id === id)!.signals.map((s) => [s.id, s]));

describe('recognizeMachines + completeDiscovery', () => {
  const result = discover();

  it('recognises machines by type definition through subtypes, and Machinery machines by the Machines folder', () => {
    expect(result.machines.map((m) => [m.id, m.kind, m.typeDefinitionName])).toEqual([
      ['Mill-1', 'machine-tool', 'VendorMillType'],
      ['Press7', 'machinery', 'PressType'],
      ['Lathe2', 'machine-tool', 'MachineToolType'],
      ['Line', 'packml', 'PackMLBaseObjectType'],
    ]);
    const mill = result.machines[0]!;
    expect(mill).toMatchObject({ name: '1号铣床', nodeId: p('Mill 1'), manufacturer: 'Chongqing Machine Tool', serialNumber: 'SN-0042' });
    expect(mill.model).toBeUndefined();
    expect(mill.browsePath).toBe('/6:Machines/1:Mill 1');
  });

  it('maps the Machine Tools state, mode, lifetime and job counters, job and program', () => {
    const s = signalsOf(result, 'Mill-1');
    expect(Object.keys(s)).toEqual(['Mill-1/state', 'Mill-1/mode', 'Mill-1/produced', 'Mill-1/good', 'Mill-1/job', 'Mill-1/product']);
    expect(s['Mill-1/state']).toMatchObject({
      semantic: 'machine_state',
      // The machine's own state machine, not the spindle's (below Components).
      address: { nodeId: p('Mill1.ItemState.CurrentState'), typeDefinitionId: `nsu=${VENDOR};i=1001` },
      dataType: 'LocalizedText',
    });
    expect(s['Mill-1/state']!.stateMappings).toBeUndefined();
    expect(s['Mill-1/mode']).toMatchObject({ semantic: 'operation_mode', address: { nodeId: p('Mill1.OpMode.CurrentState') } });
    // The UInt64 lifetime counter, not the deprecated one under Statistics; no modulus for 64 bits.
    expect(s['Mill-1/produced']).toMatchObject({ semantic: 'produced_count', counter: { monotonic: true }, address: { nodeId: p('Mill1.PartsProducedInLifetime') }, dataType: 'UInt64' });
    expect(s['Mill-1/produced']!.counter).not.toHaveProperty('wrapsAt');
    // A Counter is a UInt32: it wraps at 2³².
    expect(s['Mill-1/good']).toMatchObject({ semantic: 'good_count', counter: { monotonic: true, resetsOnJob: true, wrapsAt: 2 ** 32 }, dataType: 'Counter' });
    expect(s['Mill-1/job']!.address.nodeId).toBe(p('Mill1.ActiveProgram.JobIdentifier'));
    expect(s['Mill-1/product']!.address.nodeId).toBe(p('Mill1.ActiveProgram.Name'));
    expect(result.machines[0]!.notes.join('\n')).toMatch(/PartsCompleted not mapped[\s\S]*SQ = PQ − GQ/);
  });

  it('uses a job counter for produced parts only without a lifetime counter, and no job counter when there are several jobs', () => {
    const lathe = result.machines.find((m) => m.id === 'Lathe2')!;
    expect(lathe.signals).toEqual([]);
    expect(lathe.notes.join('\n')).toMatch(/2 production jobs[\s\S]*no parts counter/);
    const press = result.machines.find((m) => m.id === 'Press7')!;
    expect(press.signals.map((s) => s.semantic)).toEqual(['machine_state']);
    expect(press.notes.join('\n')).toMatch(/no MachineryOperationMode[\s\S]*no standard parts counter/);
  });

  it('maps PackML: the three state machines innermost first with the PackML mapping, element counters, mode, speed, ideal time', () => {
    const line = result.machines.find((m) => m.id === 'Line')!;
    expect(line.signals.map((s) => [s.id, s.semantic, s.ready])).toEqual([
      ['Line/state/execute', 'machine_state', true],
      ['Line/state/machine', 'machine_state', true],
      ['Line/state/base', 'machine_state', true],
      ['Line/produced', 'produced_count', true],
      ['Line/bad', 'bad_count', true],
      ['Line/mode', 'operation_mode', true],
      ['Line/speed', 'speed', true],
    ]);
    const s = signalsOf(result, 'Line');
    expect(s['Line/state/execute']!.address).toMatchObject({ nodeId: p('Line.Execute.CurrentState'), typeDefinitionId: N.packmlExecuteStateMachineType });
    expect(s['Line/state/base']!.stateMappings).toBe(PACKML_STATE_MAPPINGS);
    expect(s['Line/produced']).toMatchObject({ element: { indexRange: '0', field: 'AccCount' }, counter: { monotonic: true }, dataType: 'PackMLCountDataType[]' });
    expect(s['Line/mode']!.stateMappings).toEqual([{ rawState: '2', bucket: 'pdot' }]);
    expect(s['Line/speed']!.unit).toBe('/min');
    expect(line.idealUnitTimeMs).toBe(428.571);
    expect(line.manufacturer).toBeUndefined();
  });

  it('gives every signal a valid core Signal (address, semantic, counter, state mappings)', () => {
    for (const m of result.machines) {
      for (const s of m.signals) {
        const parsed = SignalSchema.safeParse({ id: s.id, source: s.address, semantic: s.semantic, unit: s.unit, counter: s.counter, stateMappings: s.stateMappings ?? [] });
        expect(parsed.success, `${s.id}: ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it('lists objects of plain variables as unrecognised, with suggestions from the names, and keeps ids unique', () => {
    expect(result.unrecognised.map((u) => [u.id, u.name, u.typeDefinitionName])).toEqual([
      ['Old-press', 'Old press', 'FolderType'],
      ['Mill-1-2', 'Mill 1', 'FolderType'],
    ]);
    const old = result.unrecognised[0]!;
    // The property (Version) is not a data variable.
    expect(old.variables.map((v) => [v.name, v.dataType, v.suggestion?.semantic, v.suggestion?.counter])).toEqual([
      ['Status', 'Int32', 'machine_state', undefined],
      ['ShotCounter', 'UInt32', 'cycle_count', { monotonic: true, wrapsAt: 2 ** 32 }],
    ]);
    expect(old.hint).toMatch(/plain variables/);
  });

  it('asks to read the data types of signal and unrecognised variables, and the identification and design speed values', () => {
    const snapshot = plant().build();
    const recognition = recognizeMachines(snapshot, createTypeHierarchy(snapshot.types));
    expect(variablesToRead(recognition).sort()).toEqual([p('Line.DesignSpeed'), p('Mill1.Manufacturer'), p('Mill1.Model'), p('Mill1.SerialNumber')].sort());
    expect(variablesToType(recognition)).toEqual(expect.arrayContaining([p('Mill1.Job.PartsGood'), p('Old.ShotCounter'), p('Line.Processed')]));
  });
});

describe('PACKML_STATE_MAPPINGS', () => {
  it('is core’s PackML mapping, plus Cleared and Running ignored', () => {
    const mapped = PACKML_STATE_MAPPINGS.filter((m) => m.bucket !== undefined);
    expect(Object.fromEntries(mapped.map((m) => [m.rawState, m.bucket]))).toEqual(PACKML_STATE_MAPPING.states);
    expect(PACKML_STATE_MAPPINGS.filter((m) => m.bucket === undefined).map((m) => m.rawState)).toEqual(['Cleared', 'Running']);
  });
});

describe('recognition of a machine found through another folder first', () => {
  it('still recognises a Machinery machine that the Machines folder references second', () => {
    const b = snapshotBuilder();
    b.object(undefined, { id: 'nsu=urn:x;s=Area', name: 'Area', type: 'i=61' });
    b.object(undefined, { id: N.machinesFolder, name: 'Machines', ns: machinery, type: 'i=61' });
    const m = b.object('nsu=urn:x;s=Area', { id: 'nsu=urn:x;s=M', name: 'M' });
    b.stateMachine(m, { id: 'nsu=urn:x;s=M.State', name: 'MachineryItemState', ns: machinery, type: N.machineryItemStateType });
    b.alsoUnder(m, N.machinesFolder);
    const snapshot = b.build();
    const recognition = recognizeMachines(snapshot, createTypeHierarchy(snapshot.types));
    expect(recognition.machines.map((x) => [x.node.nodeId, x.kind])).toEqual([['nsu=urn:x;s=M', 'machinery']]);
    expect(recognition.unrecognised).toEqual([]);
    expect(ua).toBe('http://opcfoundation.org/UA/');
  });
});
