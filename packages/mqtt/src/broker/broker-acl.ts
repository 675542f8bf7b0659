import { filterCovers, topicMatchesFilter } from '../topic-filter.js';

/** The topic filters one connected client may publish and subscribe to, placeholders filled. */
export interface BrokerClientAcl {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

/**
 * Fills `{username}` and `{clientId}` in each filter. A filter whose placeholder value is
 * empty or contains `/`, `+`, `#` or NUL is dropped: such a value would widen the filter.
 */
export function fillAclFilters(filters: readonly string[], values: { readonly username: string; readonly clientId: string }): string[] {
  const unsafe = (v: string) => v === '' || /[/+#]/.test(v) || v.includes('\u0000');
  const out: string[] = [];
  for (const filter of filters) {
    let dropped = false;
    const filled = filter.replace(/\{(username|clientId)\}/g, (_, name: 'username' | 'clientId') => {
      const value = values[name];
      if (unsafe(value)) dropped = true;
      return value;
    });
    if (!dropped) out.push(filled);
  }
  return out;
}

/** True when the client may publish to `topic` (a topic name). */
export function aclAllowsPublish(acl: BrokerClientAcl, topic: string): boolean {
  return acl.publish.some((f) => topicMatchesFilter(f, topic));
}

/** True when the client may subscribe to `filter`: every topic it matches lies within an allowed filter. */
export function aclAllowsSubscribe(acl: BrokerClientAcl, filter: string): boolean {
  return acl.subscribe.some((f) => filterCovers(f, filter));
}

/** True when the client may receive a message on `topic` (its subscribe ACL matches it). */
export function aclAllowsReceive(acl: BrokerClientAcl, topic: string): boolean {
  return acl.subscribe.some((f) => topicMatchesFilter(f, topic));
}
