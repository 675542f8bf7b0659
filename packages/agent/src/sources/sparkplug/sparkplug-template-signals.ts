import { fillSignalIdTemplate } from '@rongtong/mqtt';

/**
 * Stand-ins for the Sparkplug ids when a signal id template is turned into a pattern: text that
 * `fillSignalIdTemplate` keeps as it is (only `[A-Za-z0-9._:-]`), so the connector's own
 * function decides where each id lands and how `{device}` drops out for edge node metrics.
 */
const STAND_INS = { groupId: 'RTxGROUPxRT', edgeNodeId: 'RTxNODExRT', deviceId: 'RTxDEVICExRT', metricName: 'RTxMETRICxRT' } as const;

/**
 * What each id can become in a signal id (`sparkplugIdPart`): group, edge node and device ids
 * are one level of `[A-Za-z0-9._:-]`, never empty; a metric name keeps its `/` folders.
 */
const CAPTURES: Readonly<Record<keyof typeof STAND_INS, string>> = {
  groupId: '[A-Za-z0-9._:-]+',
  edgeNodeId: '[A-Za-z0-9._:-]+',
  deviceId: '[A-Za-z0-9._:-]+',
  metricName: '[A-Za-z0-9._:/-]+',
};

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function patternOf(filled: string): string {
  let pattern = escape(filled);
  for (const [key, standIn] of Object.entries(STAND_INS) as [keyof typeof STAND_INS, string][]) {
    pattern = pattern.split(escape(standIn)).join(CAPTURES[key]);
  }
  return pattern;
}

/**
 * A regular expression matching the signal ids a `sparkplug` source's `signalIdTemplate` can
 * give metrics: of devices (`Plant1/GW1/Press3/Production/Good` from the default
 * `{group}/{node}/{device}/{metric}`) and of edge nodes (`{device}` left out with its
 * separator: `Plant1/GW1/Temperature`). Ids made longer than 128 characters (hashed by the
 * connector) are not predicted.
 */
export function sparkplugSignalPattern(template: string): RegExp {
  const device = fillSignalIdTemplate(template, STAND_INS);
  const node = fillSignalIdTemplate(template, { groupId: STAND_INS.groupId, edgeNodeId: STAND_INS.edgeNodeId, metricName: STAND_INS.metricName });
  return new RegExp(`^(?:${patternOf(device)}|${patternOf(node)})$`);
}
