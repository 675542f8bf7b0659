import { describe, expect, it } from 'vitest';
import { flowYaml, toYaml, yamlScalar } from './yaml-text.js';

describe('yamlScalar', () => {
  it.each([
    ['CNC1', 'CNC1'],
    ['CNC1/state/execute', 'CNC1/state/execute'],
    ['Rongtong Simulator', 'Rongtong Simulator'],
    ['3号数控车床', '"3号数控车床"'],
    ['数控车床 3', '数控车床 3'],
    ['', '""'],
    ['true', '"true"'],
    ['No', '"No"'],
    ['off', '"off"'],
    ['null', '"null"'],
    ['~', '"~"'],
    ['y', '"y"'],
    ['2', '"2"'],
    ['0x1F', '"0x1F"'],
    ['.inf', '".inf"'],
    ['2025-01-01', '"2025-01-01"'],
    ['nsu=urn:rongtong:simulator;s=CNC1', '"nsu=urn:rongtong:simulator;s=CNC1"'],
    ['opc.tcp://127.0.0.1:4840', '"opc.tcp://127.0.0.1:4840"'],
    ['a: b', '"a: b"'],
    ['a #b', '"a #b"'],
    ['-x', '"-x"'],
    ['trailing ', '"trailing "'],
    ['two  spaces', '"two  spaces"'],
    ['*alias', '"*alias"'],
    ['&anchor', '"&anchor"'],
    ['{flow}', '"{flow}"'],
    ['a,b', '"a,b"'],
    ["it's", '"it\'s"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['tab\there', '"tab\\there"'],
    ['bell\u0007', '"bell\\u0007"'],
    ['sep\u2028x', '"sep\\u2028x"'],
    ['nel\u0085x', '"nel\\u0085x"'],
  ])('%j → %s', (input, expected) => {
    expect(yamlScalar(input)).toBe(expected);
  });

  it('writes numbers, booleans and null; refuses non-finite numbers', () => {
    expect(yamlScalar(4294967296)).toBe('4294967296');
    expect(yamlScalar(428.571)).toBe('428.571');
    expect(yamlScalar(-1)).toBe('-1');
    expect(yamlScalar(true)).toBe('true');
    expect(yamlScalar(null)).toBe('null');
    expect(() => yamlScalar(Number.NaN)).toThrow(RangeError);
    expect(() => yamlScalar(Infinity)).toThrow(RangeError);
  });

  it('round-trips every quoted string through JSON (a YAML double-quoted scalar uses the same escapes)', () => {
    for (const s of ['a: b', 'x\ny', '"q"', '\u0001', '雙引號 "x"', 'nsu=a;b']) {
      const written = yamlScalar(s);
      expect(written.startsWith('"')).toBe(true);
      expect(JSON.parse(written)).toBe(s);
    }
  });
});

describe('flowYaml', () => {
  it('writes maps and lists on one line, leaving undefined entries out', () => {
    expect(flowYaml({ monotonic: true, resetsOnJob: undefined, wrapsAt: 65536 })).toBe('{ monotonic: true, wrapsAt: 65536 }');
    expect(flowYaml({ rawState: '2', bucket: 'pdot' })).toBe('{ rawState: "2", bucket: pdot }');
    expect(flowYaml([])).toBe('[]');
    expect(flowYaml({})).toBe('{}');
    expect(flowYaml(['a', ['b', 1], { 'key with: colon': null }])).toBe('[a, [b, 1], { "key with: colon": null }]');
  });
});

describe('toYaml', () => {
  it('writes block maps and lists, map items starting on the dash line', () => {
    expect(
      toYaml({
        sources: [{ id: 's1', kind: 'opcua', endpointUrl: 'opc.tcp://h:4840' }],
        equipment: [],
        signals: [{ id: 'm/state', address: { kind: 'opcua', nodeId: 'ns=1;s=X' }, list: ['a', 'b'] }],
        n: 1,
      }),
    ).toBe(
      [
        'sources:',
        '  - id: s1',
        '    kind: opcua',
        '    endpointUrl: "opc.tcp://h:4840"',
        'equipment: []',
        'signals:',
        '  - id: m/state',
        '    address:',
        '      kind: opcua',
        '      nodeId: "ns=1;s=X"',
        '    list:',
        '      - a',
        '      - b',
        '"n": 1',
        '',
      ].join('\n'),
    );
  });

  it('adds comments before entries and after maps and lists, flow style where asked', () => {
    const text = toYaml(
      { a: { b: 1, counter: { monotonic: true } }, list: [{ x: 1 }, 'y'], empty: [] },
      {
        comments: (path) => (path.length === 0 ? ['head', ''] : path.join('.') === 'a.b' ? ['about b'] : path.join('.') === 'list.1' ? ['two\nlines'] : undefined),
        trailing: (path) => (path.join('.') === 'a' ? ['fill: in'] : path.join('.') === 'empty' ? ['- commented'] : path.length === 0 ? ['end'] : undefined),
        flow: (path) => path.at(-1) === 'counter' || path.join('.') === 'list.0',
      },
    );
    expect(text).toBe(
      [
        '# head',
        '#',
        'a:',
        '  # about b',
        '  b: 1',
        '  counter: { monotonic: true }',
        '  # fill: in',
        'list:',
        '  - { x: 1 }',
        '  # two',
        '  # lines',
        '  - "y"',
        'empty: []',
        '  # - commented',
        '# end',
        '',
      ].join('\n'),
    );
  });

  it('writes a map or list used more than once with an anchor, then aliases', () => {
    const shared = [{ rawState: 'Execute', bucket: 'apt' }, { rawState: 'Cleared' }];
    const other = { k: 1 };
    const text = toYaml(
      { s: [{ id: 'a', m: shared }, { id: 'b', m: shared }, other, other] },
      { anchors: new Map([[shared, 'packml-states']]), flow: (path) => typeof path.at(-1) === 'number' && path.at(-2) === 'm' },
    );
    expect(text).toBe(
      [
        's:',
        '  - id: a',
        '    m: &packml-states',
        '      - { rawState: Execute, bucket: apt }',
        '      - { rawState: Cleared }',
        '  - id: b',
        '    m: *packml-states',
        '  - &ref1',
        '    k: 1',
        '  - *ref1',
        '',
      ].join('\n'),
    );
  });

  it('quotes keys that need it and writes a scalar document', () => {
    expect(toYaml({ 'a b': 1, 'x:y': 2, true: 3 })).toBe('a b: 1\n"x:y": 2\n"true": 3\n');
    expect(toYaml('plain')).toBe('plain\n');
  });
});
