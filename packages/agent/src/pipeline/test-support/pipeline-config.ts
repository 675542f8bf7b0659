import { SignalConfigSchema, type SignalConfig } from '../../config/signal-config.js';

/** Signals of one machine `m1` for pipeline tests: state, mode, produced and bad counters, a temperature measurement. */
export function testSignals(): SignalConfig[] {
  const base = { equipment: 'm1', source: 'gen' };
  return [
    SignalConfigSchema.parse({ ...base, id: 'm1/state', semantic: 'machine_state' }),
    SignalConfigSchema.parse({ ...base, id: 'm1/mode', semantic: 'operation_mode' }),
    SignalConfigSchema.parse({ ...base, id: 'm1/produced', semantic: 'produced_count', counter: { monotonic: true } }),
    SignalConfigSchema.parse({ ...base, id: 'm1/bad', semantic: 'bad_count', counter: { monotonic: true } }),
    SignalConfigSchema.parse({ ...base, id: 'm1/temp', semantic: 'measurement', unit: 'Cel' }),
  ];
}
