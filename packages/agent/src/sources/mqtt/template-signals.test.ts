import { describe, expect, it } from 'vitest';
import { fieldsProducing, signalTemplatePattern } from './template-signals.js';

describe('template signals', () => {
  it('a placeholder stands for one topic level of signal-id characters', () => {
    const p = signalTemplatePattern('{machine}/temp');
    expect(['press-3/temp', 'l1.m7:a/temp', '/temp'].map((id) => p.test(id))).toEqual([true, true, true]);
    expect(['press/3/temp', 'press-3/temperature', 'press-3/temp/x', 'press 3/temp'].map((id) => p.test(id))).toEqual([false, false, false, false]);
  });

  it('literal text is matched literally, and a repeated placeholder is the same level', () => {
    expect(signalTemplatePattern('line.{line}/{m}').test('lineX7/m1')).toBe(false);
    expect(signalTemplatePattern('line.{line}/{m}').test('line.7/m1')).toBe(true);
    expect(signalTemplatePattern('{m}/{m}').test('a/a')).toBe(true);
    expect(signalTemplatePattern('{m}/{m}').test('a/b')).toBe(false);
    expect(signalTemplatePattern('plant-1/state').test('plant-1/state')).toBe(true);
    expect(signalTemplatePattern('plant-1/state').test('plant-11state')).toBe(false);
  });

  it('lists every template field that can produce an id, in template order', () => {
    const topics = [
      { topic: 'f/{line}/{machine}/telemetry', fields: [{ signal: '{machine}/state' }, { signal: '{machine}/temp' }] },
      { topic: 'f/{line}/{machine}/batch', fields: [{ signal: '{line}.{machine}/load' }, { signal: '{machine}/temp' }] },
    ];
    expect(fieldsProducing(topics, 'm1/temp')).toEqual([
      { topicIndex: 0, fieldIndex: 1, signal: '{machine}/temp' },
      { topicIndex: 1, fieldIndex: 1, signal: '{machine}/temp' },
    ]);
    expect(fieldsProducing(topics, 'l2.m3/load')).toEqual([{ topicIndex: 1, fieldIndex: 0, signal: '{line}.{machine}/load' }]);
    expect(fieldsProducing(topics, 'm1/speed')).toEqual([]);
  });
});
