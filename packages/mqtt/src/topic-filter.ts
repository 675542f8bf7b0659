/** MQTT quality of service of a subscription. */
export type MqttQos = 0 | 1 | 2;

/** A subscription: topic filter and the QoS asked for. */
export interface MqttSubscription {
  /** Topic filter, with `+` and `#` wildcards. */
  readonly filter: string;
  /** Maximum QoS asked for. */
  readonly qos: MqttQos;
}

/**
 * True when `topic` (a topic name, no wildcards) matches `filter` by the MQTT rules: `+`
 * matches one level, a final `#` the parent and any number of levels below it; a wildcard
 * at the first level does not match topics that start with `$` (`$SYS/…`).
 */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i += 1) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * True when every topic that matches filter `inner` also matches filter `outer`, so a
 * subscription to `outer` makes one to `inner` redundant.
 */
export function filterCovers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const n = inner.split('/');
  const wild = (level: string | undefined): boolean => level === '+' || level === '#';
  // A wildcard first level does not match `$` topics, which a literal `$…` first level does.
  if (wild(o[0]) && !wild(n[0]) && n[0]!.startsWith('$')) return false;
  for (let i = 0; i < o.length; i += 1) {
    const level = o[i];
    if (level === '#') return true;
    if (i >= n.length) return false;
    const other = n[i];
    if (other === '#') return false;
    if (level === '+') continue;
    if (level !== other) return false;
  }
  return o.length === n.length;
}

/**
 * The smallest set of subscriptions that receives every topic of `subscriptions` once:
 * duplicates are merged and filters covered by another filter of the set are dropped (a broker
 * may deliver a message once per matching subscription, which would duplicate samples). Each
 * kept filter gets the highest QoS of the filters it stands for. Order follows the input.
 */
export function minimalSubscriptions(subscriptions: readonly MqttSubscription[]): MqttSubscription[] {
  const unique = new Map<string, MqttQos>();
  for (const s of subscriptions) unique.set(s.filter, Math.max(unique.get(s.filter) ?? 0, s.qos) as MqttQos);
  const filters = [...unique.keys()];
  const kept: string[] = [];
  for (const [i, filter] of filters.entries()) {
    // Drop a filter covered by another one; of two that cover each other (equal), keep the first.
    const covered = filters.some((other, j) => j !== i && filterCovers(other, filter) && (!filterCovers(filter, other) || j < i));
    if (!covered) kept.push(filter);
  }
  return kept.map((filter) => {
    let qos = unique.get(filter)!;
    for (const [other, q] of unique) if (filterCovers(filter, other)) qos = Math.max(qos, q) as MqttQos;
    return { filter, qos };
  });
}
