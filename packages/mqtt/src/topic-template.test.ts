import { describe, expect, it } from 'vitest';
import { filterCovers, minimalSubscriptions, topicMatchesFilter } from './topic-filter.js';
import { compileTopicTemplate, fillTemplate, templatePlaceholders, tryCompileTopicTemplate } from './topic-template.js';

describe('topic templates', () => {
  it('subscribes {name} as + and captures one level per placeholder', () => {
    const t = compileTopicTemplate('factory/{line}/{machine}/telemetry');
    expect(t.filter).toBe('factory/+/+/telemetry');
    expect(t.names).toEqual(['line', 'machine']);
    expect(t.match('factory/l2/m7/telemetry')).toEqual({ line: 'l2', machine: 'm7' });
    expect(t.match('factory/l2/m7/status')).toBeUndefined();
    expect(t.match('factory/l2/telemetry')).toBeUndefined();
    expect(t.match('factory/l2/m7/telemetry/extra')).toBeUndefined();
    expect(t.match('factory//m7/telemetry')).toEqual({ line: '', machine: 'm7' }); // + matches an empty level
  });

  it('allows + and a final # that capture nothing', () => {
    const t = compileTopicTemplate('site/+/{machine}/#');
    expect(t.filter).toBe('site/+/+/#');
    expect(t.match('site/a/m1')).toEqual({ machine: 'm1' }); // # matches the parent level too
    expect(t.match('site/a/m1/x/y')).toEqual({ machine: 'm1' });
    expect(t.match('site/a')).toBeUndefined();
    expect(compileTopicTemplate('a/b').match('a/b')).toEqual({});
  });

  it('does not match $ topics with a wildcard or placeholder first level', () => {
    expect(compileTopicTemplate('{root}/x').match('$SYS/x')).toBeUndefined();
    expect(compileTopicTemplate('#').match('$SYS/broker')).toBeUndefined();
    expect(compileTopicTemplate('$SYS/{what}').match('$SYS/uptime')).toEqual({ what: 'uptime' });
  });

  it.each([
    ['', /empty/],
    ['a/#/b', /"#" must be the last level/],
    ['a/b+/c', /whole level/],
    ['a/machine-{id}', /placeholder must be a whole level/],
    ['a/{id}x', /placeholder must be a whole level/],
    ['a/{1st}', /placeholder names/],
    ['a/{}', /placeholder names/],
    ['a/{x}/{x}', /used twice/],
    ['a/\u0000', /NUL/],
  ])('rejects %j', (text, reason) => {
    const result = tryCompileTopicTemplate(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('fills text templates with captures', () => {
    expect(fillTemplate('{machine}/temp', { machine: 'm7' })).toBe('m7/temp');
    expect(fillTemplate('{line}-{machine}.{line}', { line: 'l2', machine: 'm7' })).toBe('l2-m7.l2');
    expect(fillTemplate('{other}/x', { machine: 'm7' })).toBe('{other}/x');
    expect(templatePlaceholders('{line}-{machine}.{line}')).toEqual(['line', 'machine']);
    expect(templatePlaceholders('static')).toEqual([]);
  });
});

describe('topic filters', () => {
  it('match topics by the MQTT rules', () => {
    expect(topicMatchesFilter('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatchesFilter('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatchesFilter('a/#', 'a')).toBe(true);
    expect(topicMatchesFilter('a/#', 'a/b/c')).toBe(true);
    expect(topicMatchesFilter('#', '$SYS/x')).toBe(false);
    expect(topicMatchesFilter('+/x', '$SYS/x')).toBe(false);
    expect(topicMatchesFilter('a/b', 'a/b/c')).toBe(false);
  });

  it('know when one filter covers another', () => {
    expect(filterCovers('a/+/c', 'a/b/c')).toBe(true);
    expect(filterCovers('a/#', 'a')).toBe(true);
    expect(filterCovers('a/#', 'a/+/c')).toBe(true);
    expect(filterCovers('a/#', 'a/#')).toBe(true);
    expect(filterCovers('#', '$SYS/x')).toBe(false);
    expect(filterCovers('#', '+/x')).toBe(true);
    expect(filterCovers('a/+', 'a/#')).toBe(false);
    expect(filterCovers('a/+/c', 'a/+')).toBe(false);
    expect(filterCovers('a/b/c', 'a/+/c')).toBe(false);
  });

  it('reduce to the minimal set, with the highest QoS of what each filter stands for', () => {
    expect(
      minimalSubscriptions([
        { filter: 'factory/l1/m1/telemetry', qos: 2 },
        { filter: 'factory/+/+/telemetry', qos: 1 },
        { filter: 'factory/+/+/telemetry', qos: 0 },
        { filter: 'press/1/status', qos: 1 },
        { filter: 'press/1/status', qos: 1 },
        { filter: 'press/#', qos: 0 },
        { filter: 'other/x', qos: 0 },
      ]),
    ).toEqual([
      { filter: 'factory/+/+/telemetry', qos: 2 },
      { filter: 'press/#', qos: 1 },
      { filter: 'other/x', qos: 0 },
    ]);
    expect(minimalSubscriptions([])).toEqual([]);
  });
});
