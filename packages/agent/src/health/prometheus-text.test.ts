import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatPrometheusText, formatValue } from './prometheus-text.js';

describe('Prometheus text format', () => {
  it('writes HELP, TYPE and one line per sample, ending with a line feed', () => {
    const text = formatPrometheusText([
      { name: 'a_total', help: 'A counter.', type: 'counter', samples: [{ value: 3 }] },
      {
        name: 'b',
        help: 'B gauge.',
        type: 'gauge',
        samples: [
          { labels: { x: '1', y: 'two' }, value: 0.5 },
          { labels: { x: '2', y: 'three' }, value: -1 },
        ],
      },
      { name: 'empty', help: 'No samples.', type: 'gauge', samples: [] },
    ]);
    expect(text).toBe(
      [
        '# HELP a_total A counter.',
        '# TYPE a_total counter',
        'a_total 3',
        '# HELP b B gauge.',
        '# TYPE b gauge',
        'b{x="1",y="two"} 0.5',
        'b{x="2",y="three"} -1',
        '# HELP empty No samples.',
        '# TYPE empty gauge',
        '',
      ].join('\n'),
    );
  });

  it('escapes backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = formatPrometheusText([{ name: 'm', help: 'h', type: 'gauge', samples: [{ labels: { path: 'C:\\x "y"\nz' }, value: 1 }] }]);
    expect(text.split('\n')[2]).toBe('m{path="C:\\\\x \\"y\\"\\nz"} 1');
  });

  it('escapes backslash and line feed in HELP, not double quotes', () => {
    expect(escapeHelp('a\\b\n"c"')).toBe('a\\\\b\\n"c"');
  });

  it('writes special values as the format spells them', () => {
    expect([NaN, Infinity, -Infinity, 1e21, 0].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '1e+21', '0']);
  });

  it('writes nothing for no families', () => {
    expect(formatPrometheusText([])).toBe('');
  });
});
