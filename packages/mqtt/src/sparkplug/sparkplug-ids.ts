import { createHash } from 'node:crypto';

/** Placeholders of a signal id template. */
export const SPARKPLUG_SIGNAL_ID_PLACEHOLDERS = ['group', 'node', 'device', 'metric'] as const;

/** The default signal id of a metric: `{group}/{node}/{device}/{metric}` (`{device}/` left out for edge node metrics). */
export const DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE = '{group}/{node}/{device}/{metric}';

/** Where a metric is: group, edge node, device (absent for the edge node's own metrics) and metric name. */
export interface SparkplugMetricPath {
  readonly groupId: string;
  readonly edgeNodeId: string;
  readonly deviceId?: string | undefined;
  readonly metricName: string;
}

const MAX_ID = 128;
const hash8 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * A Sparkplug id (group, edge node, device, or — with `keepSlash` — a metric name with its
 * folders) made fit for a Rongtong id: each character outside `[A-Za-z0-9._:-]` (and `/` with
 * `keepSlash`) becomes `_`; when the text has characters beyond ASCII (e.g. `产量`, `3号机`),
 * `-` and 8 hex digits of its SHA-256 are appended, so names that differ only there stay
 * apart. Deterministic: the same name always gives the same id.
 *
 * @example sparkplugIdPart('Good Count') === 'Good_Count'; sparkplugIdPart('产量') === '__-<hash>'
 */
export function sparkplugIdPart(text: string, keepSlash = false): string {
  const unsafe = keepSlash ? /[^A-Za-z0-9._:/-]/gu : /[^A-Za-z0-9._:-]/gu;
  const safe = text.replace(unsafe, '_');
  const beyondAscii = [...text].some((c) => c.codePointAt(0)! > 0x7f);
  return beyondAscii ? `${safe}-${hash8(text)}` : safe;
}

/** Caps an id at 128 characters: a longer one keeps its first 119 and gets `-` + 8 hex digits of its SHA-256. */
export function capId(id: string): string {
  return id.length <= MAX_ID ? id : `${id.slice(0, MAX_ID - 9)}-${hash8(id)}`;
}

/** Why a signal id template cannot be used, or undefined. */
export function signalIdTemplateProblem(template: string): string | undefined {
  const names = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  const unknown = names.find((n) => !(SPARKPLUG_SIGNAL_ID_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown !== undefined) return `{${unknown}} is not a placeholder (use {group}, {node}, {device}, {metric})`;
  if (!names.includes('metric')) return 'must contain {metric}, or every metric of a device would get the same id';
  const literal = template.replace(/\{[^{}]*\}/g, '');
  if (!/^[A-Za-z0-9._:/-]*$/.test(literal)) return 'may only contain [A-Za-z0-9._:/-] besides the placeholders';
  return undefined;
}

/**
 * The signal id a template gives a metric (the template checked by
 * {@link signalIdTemplateProblem}): each placeholder is replaced by its id made safe by
 * {@link sparkplugIdPart} (the metric name keeps its `/` folders); for an edge node's own
 * metrics `{device}` is left out with one separator next to it; the result is capped by
 * {@link capId}.
 *
 * @example fillSignalIdTemplate('{group}/{node}/{device}/{metric}', { groupId: 'Plant1', edgeNodeId: 'GW 1', metricName: 'Temp' }) === 'Plant1/GW_1/Temp'
 */
export function fillSignalIdTemplate(template: string, path: SparkplugMetricPath): string {
  let text = template;
  if (path.deviceId === undefined) text = text.replace(/\{device\}[/._:-]/g, '').replace(/[/._:-]?\{device\}/g, '');
  const values: Record<string, string> = {
    group: sparkplugIdPart(path.groupId),
    node: sparkplugIdPart(path.edgeNodeId),
    device: path.deviceId === undefined ? '' : sparkplugIdPart(path.deviceId),
    metric: sparkplugIdPart(path.metricName, true),
  };
  return capId(text.replace(/\{([^{}]*)\}/g, (_m, name: string) => values[name] ?? ''));
}
