import { OPCUA_STATUS } from './status-codes.js';

/**
 * The server's limits that shape a subscription plan, read from its `ServerCapabilities`
 * (OPC 10000-5 §6.3.2). 0 means the server sets no limit (or does not say).
 */
export interface OpcuaServerLimits {
  /** `OperationLimits.MaxMonitoredItemsPerCall`: items per CreateMonitoredItems call. */
  readonly maxMonitoredItemsPerCall: number;
  /** `OperationLimits.MaxNodesPerRead`: nodes per Read call (reported; subscriptions need no reads). */
  readonly maxNodesPerRead: number;
  /** `MaxMonitoredItemsPerSubscription` (OPC UA 1.05). */
  readonly maxMonitoredItemsPerSubscription: number;
  /** `MaxSubscriptionsPerSession` (OPC UA 1.05). */
  readonly maxSubscriptionsPerSession: number;
  /** `MaxMonitoredItems`: items on the whole server (shared with other clients). */
  readonly maxMonitoredItems: number;
}

/** Limits of a server that says nothing: no limit anywhere. */
export const NO_SERVER_LIMITS: OpcuaServerLimits = Object.freeze({
  maxMonitoredItemsPerCall: 0,
  maxNodesPerRead: 0,
  maxMonitoredItemsPerSubscription: 0,
  maxSubscriptionsPerSession: 0,
  maxMonitoredItems: 0,
});

/** A signal to subscribe to, as the planner sees it. */
export interface PlannerSignal {
  /** Signal id. */
  readonly id: string;
  /** NodeId as configured (string form). */
  readonly nodeId: string;
  /** Its own sampling interval, ms; default `SubscriptionPlanOptions.samplingInterval`. */
  readonly samplingInterval?: number | undefined;
  /** Its own publishing interval, ms; default `SubscriptionPlanOptions.publishingInterval`. */
  readonly publishingInterval?: number | undefined;
}

/** Options of {@link planSubscriptions}. */
export interface SubscriptionPlanOptions {
  /** Sampling interval of signals without their own, ms. */
  readonly samplingInterval: number;
  /** Publishing interval of signals without their own, ms. */
  readonly publishingInterval: number;
  /** Preferred items per subscription (the server's `maxMonitoredItemsPerSubscription` lowers it). */
  readonly maxItemsPerSubscription: number;
  /** Most items per create call (the server's `maxMonitoredItemsPerCall` lowers it). */
  readonly maxItemsPerCall: number;
  /** The server's limits; {@link NO_SERVER_LIMITS} when unknown. */
  readonly limits: OpcuaServerLimits;
}

/** One monitored item of a plan. */
export interface PlannedItem {
  readonly signalId: string;
  readonly nodeId: string;
  readonly samplingInterval: number;
}

/** One CreateMonitoredItems call: items of one sampling interval, at most the per-call limit. */
export interface MonitoredItemsCall {
  readonly samplingInterval: number;
  readonly items: readonly PlannedItem[];
}

/** One subscription of a plan and the calls that fill it. */
export interface PlannedSubscription {
  /** Publishing interval requested for it, ms. */
  readonly publishingInterval: number;
  /** The publishing intervals of its signals (more than one when groups were merged to fit the server). */
  readonly requestedIntervals: readonly number[];
  /** Items in it. */
  readonly itemCount: number;
  /** The create calls, in order. */
  readonly calls: readonly MonitoredItemsCall[];
}

/** A signal the plan has no room for: reported with a status, never silently left out. */
export interface UnplannedItem {
  readonly signalId: string;
  readonly nodeId: string;
  /** `BadTooManyMonitoredItems`. */
  readonly statusCode: number;
  /** Why, for a person. */
  readonly reason: string;
}

/** The result of {@link planSubscriptions}. */
export interface SubscriptionPlan {
  /** Subscriptions, by publishing interval (fastest first). */
  readonly subscriptions: readonly PlannedSubscription[];
  /** Signals left out because the server's limits leave no room (with status and reason). */
  readonly unplanned: readonly UnplannedItem[];
  /** Items per subscription the plan used (after the server's limits). */
  readonly itemsPerSubscription: number;
  /** Items per create call the plan used (after the server's limits). */
  readonly itemsPerCall: number;
}

/** The positive limit, or Infinity for 0 ("no limit"). */
const limit = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : Infinity);

interface Group {
  interval: number;
  intervals: number[];
  items: PlannedItem[];
}

const subscriptionsNeeded = (groups: readonly Group[], perSubscription: number): number =>
  groups.reduce((sum, g) => sum + Math.ceil(g.items.length / perSubscription), 0);

/** The smallest items-per-subscription in [from, to] for which the groups fit in `maxSubscriptions`, or undefined. */
function smallestFitting(groups: readonly Group[], from: number, to: number, maxSubscriptions: number): number | undefined {
  const largest = groups.reduce((m, g) => Math.max(m, g.items.length), 1);
  const upper = Math.min(to, largest);
  if (subscriptionsNeeded(groups, Math.max(from, upper)) > maxSubscriptions) return undefined;
  let lo = from;
  let hi = Math.max(from, upper);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (subscriptionsNeeded(groups, mid) <= maxSubscriptions) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Splits `items` into `parts` runs of nearly equal size, in order. */
function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let k = 0; k < parts; k += 1) {
    const size = Math.floor(items.length / parts) + (k < items.length % parts ? 1 : 0);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

function callsOf(items: readonly PlannedItem[], perCall: number): MonitoredItemsCall[] {
  const bySampling = new Map<number, PlannedItem[]>();
  for (const item of items) {
    const list = bySampling.get(item.samplingInterval);
    if (list) list.push(item);
    else bySampling.set(item.samplingInterval, [item]);
  }
  const calls: MonitoredItemsCall[] = [];
  for (const [samplingInterval, list] of [...bySampling].sort((a, b) => a[0] - b[0])) {
    for (let i = 0; i < list.length; i += perCall) calls.push({ samplingInterval, items: list.slice(i, i + perCall) });
  }
  return calls;
}

/**
 * Plans the subscriptions of a set of signals on one server (pure):
 *
 * - signals are grouped by publishing interval, one or more subscriptions per group, each of
 *   at most `maxItemsPerSubscription` items (lowered to the server's
 *   `maxMonitoredItemsPerSubscription`), sizes balanced within a group;
 * - when that needs more subscriptions than the server allows per session, subscriptions grow
 *   (up to the server's per-subscription limit), then the groups with the closest publishing
 *   intervals are merged (at the faster interval) until the plan fits;
 * - each subscription is filled by CreateMonitoredItems calls of one sampling interval each
 *   and at most `maxItemsPerCall` items (lowered to the server's `maxMonitoredItemsPerCall`);
 * - signals beyond what the server can hold at all (`maxMonitoredItems`, or every subscription
 *   full) are listed in `unplanned` with `BadTooManyMonitoredItems` — the last ones in the
 *   given order — never silently dropped.
 */
export function planSubscriptions(signals: readonly PlannerSignal[], options: SubscriptionPlanOptions): SubscriptionPlan {
  const { limits } = options;
  const perCall = Math.min(limit(options.maxItemsPerCall), limit(limits.maxMonitoredItemsPerCall));
  const hardPerSubscription = limit(limits.maxMonitoredItemsPerSubscription);
  const preferredPerSubscription = Math.min(limit(options.maxItemsPerSubscription), hardPerSubscription);
  const maxSubscriptions = limit(limits.maxSubscriptionsPerSession);
  const maxItems = limit(limits.maxMonitoredItems);
  const itemsPerCall = Number.isFinite(perCall) ? perCall : Math.max(1, signals.length);

  const unplanned: UnplannedItem[] = [];
  const tooMany = (s: PlannerSignal, reason: string): UnplannedItem => ({ signalId: s.id, nodeId: s.nodeId, statusCode: OPCUA_STATUS.BadTooManyMonitoredItems, reason });
  const accepted = signals.slice(0, Math.min(signals.length, maxItems));
  for (const s of signals.slice(accepted.length)) unplanned.push(tooMany(s, `the server holds at most ${maxItems} monitored items (MaxMonitoredItems)`));

  const byInterval = new Map<number, PlannedItem[]>();
  for (const s of accepted) {
    const interval = s.publishingInterval ?? options.publishingInterval;
    const item: PlannedItem = { signalId: s.id, nodeId: s.nodeId, samplingInterval: s.samplingInterval ?? options.samplingInterval };
    const list = byInterval.get(interval);
    if (list) list.push(item);
    else byInterval.set(interval, [item]);
  }
  let groups: Group[] = [...byInterval]
    .sort((a, b) => a[0] - b[0])
    .map(([interval, items]) => ({ interval, intervals: [interval], items }));

  let perSubscription = Number.isFinite(preferredPerSubscription) ? preferredPerSubscription : Math.max(1, accepted.length);
  if (Number.isFinite(maxSubscriptions) && subscriptionsNeeded(groups, perSubscription) > maxSubscriptions) {
    let fit = smallestFitting(groups, perSubscription, hardPerSubscription, maxSubscriptions);
    while (fit === undefined && groups.length > 1) {
      // Merge the two neighbouring groups whose intervals are closest (by ratio), at the faster interval.
      let best = 0;
      for (let i = 1; i < groups.length - 1; i += 1) {
        if (groups[i + 1]!.interval / groups[i]!.interval < groups[best + 1]!.interval / groups[best]!.interval) best = i;
      }
      const a = groups[best]!;
      const b = groups[best + 1]!;
      const merged: Group = { interval: a.interval, intervals: [...a.intervals, ...b.intervals], items: [...a.items, ...b.items] };
      groups = [...groups.slice(0, best), merged, ...groups.slice(best + 2)];
      fit = smallestFitting(groups, perSubscription, hardPerSubscription, maxSubscriptions);
    }
    if (fit !== undefined) {
      perSubscription = fit;
    } else {
      // One group, every allowed subscription full: the rest has no room.
      const group = groups[0]!;
      perSubscription = Number.isFinite(hardPerSubscription) ? hardPerSubscription : perSubscription;
      const room = maxSubscriptions * perSubscription;
      const byId = new Map(accepted.map((s) => [s.id, s]));
      for (const item of group.items.slice(room)) {
        unplanned.push(
          tooMany(
            byId.get(item.signalId)!,
            `the server allows ${maxSubscriptions} subscriptions per session (MaxSubscriptionsPerSession) of at most ${perSubscription} items each`,
          ),
        );
      }
      group.items = group.items.slice(0, room);
    }
  }

  const subscriptions: PlannedSubscription[] = [];
  for (const group of groups) {
    const parts = Math.ceil(group.items.length / perSubscription);
    for (const items of splitEvenly(group.items, parts)) {
      subscriptions.push({ publishingInterval: group.interval, requestedIntervals: group.intervals, itemCount: items.length, calls: callsOf(items, itemsPerCall) });
    }
  }
  return { subscriptions, unplanned, itemsPerSubscription: perSubscription, itemsPerCall };
}
