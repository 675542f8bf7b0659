import { describe, expect, it } from 'vitest';
import { OPCUA_STATUS } from './status-codes.js';
import { NO_SERVER_LIMITS, type PlannerSignal, type SubscriptionPlan, type SubscriptionPlanOptions, planSubscriptions } from './subscription-planner.js';

const signals = (n: number, extra: Partial<PlannerSignal> = {}, prefix = 's'): PlannerSignal[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, nodeId: `ns=1;s=${prefix}${i}`, ...extra }));

const options = (overrides: Partial<SubscriptionPlanOptions> = {}): SubscriptionPlanOptions => ({
  samplingInterval: 250,
  publishingInterval: 1000,
  maxItemsPerSubscription: 1000,
  maxItemsPerCall: 1000,
  limits: NO_SERVER_LIMITS,
  ...overrides,
});

/** Every signal id of the plan, subscribed or not, in plan order. */
const planned = (plan: SubscriptionPlan): string[] => plan.subscriptions.flatMap((s) => s.calls.flatMap((c) => c.items.map((i) => i.signalId)));

describe('planSubscriptions', () => {
  it('puts a few signals in one subscription and one call, with the default intervals', () => {
    const plan = planSubscriptions(signals(3), options());
    expect(plan.unplanned).toEqual([]);
    expect(plan.subscriptions).toEqual([
      {
        publishingInterval: 1000,
        requestedIntervals: [1000],
        itemCount: 3,
        calls: [
          {
            samplingInterval: 250,
            items: [
              { signalId: 's0', nodeId: 'ns=1;s=s0', samplingInterval: 250 },
              { signalId: 's1', nodeId: 'ns=1;s=s1', samplingInterval: 250 },
              { signalId: 's2', nodeId: 'ns=1;s=s2', samplingInterval: 250 },
            ],
          },
        ],
      },
    ]);
  });

  it('plans nothing for no signals', () => {
    expect(planSubscriptions([], options())).toMatchObject({ subscriptions: [], unplanned: [] });
  });

  it("chunks create calls by the server's MaxMonitoredItemsPerCall", () => {
    const plan = planSubscriptions(signals(250), options({ limits: { ...NO_SERVER_LIMITS, maxMonitoredItemsPerCall: 100 } }));
    expect(plan.itemsPerCall).toBe(100);
    expect(plan.subscriptions).toHaveLength(1);
    expect(plan.subscriptions[0]!.calls.map((c) => c.items.length)).toEqual([100, 100, 50]);
    expect(planned(plan)).toEqual(signals(250).map((s) => s.id));
  });

  it('keeps the configured per-call cap when the server allows more (or sets no limit)', () => {
    const plan = planSubscriptions(signals(2500), options({ maxItemsPerCall: 500, maxItemsPerSubscription: 5000 }));
    expect(plan.subscriptions[0]!.calls.map((c) => c.items.length)).toEqual([500, 500, 500, 500, 500]);
  });

  it('splits 10,000 items into balanced subscriptions of at most 1,000, every item exactly once', () => {
    const all = signals(10_000);
    const plan = planSubscriptions(all, options());
    expect(plan.subscriptions).toHaveLength(10);
    expect(plan.subscriptions.every((s) => s.itemCount === 1000)).toBe(true);
    expect(new Set(planned(plan)).size).toBe(10_000);
    const uneven = planSubscriptions(signals(2500), options());
    expect(uneven.subscriptions.map((s) => s.itemCount)).toEqual([834, 833, 833]);
  });

  it('groups signals by publishing interval, fastest first', () => {
    const plan = planSubscriptions(
      [...signals(2, { publishingInterval: 5000 }, 'slow'), ...signals(3, {}, 'std'), ...signals(1, { publishingInterval: 100 }, 'fast')],
      options(),
    );
    expect(plan.subscriptions.map((s) => [s.publishingInterval, s.itemCount])).toEqual([
      [100, 1],
      [1000, 3],
      [5000, 2],
    ]);
  });

  it('makes one call per sampling interval inside a subscription', () => {
    const plan = planSubscriptions([...signals(2, { samplingInterval: 0 }, 'a'), ...signals(2, {}, 'b'), ...signals(1, { samplingInterval: 0 }, 'c')], options());
    expect(plan.subscriptions).toHaveLength(1);
    expect(plan.subscriptions[0]!.calls.map((c) => [c.samplingInterval, c.items.map((i) => i.signalId)])).toEqual([
      [0, ['a0', 'a1', 'c0']],
      [250, ['b0', 'b1']],
    ]);
  });

  it("lowers the subscription size to the server's MaxMonitoredItemsPerSubscription", () => {
    const plan = planSubscriptions(signals(1000), options({ limits: { ...NO_SERVER_LIMITS, maxMonitoredItemsPerSubscription: 300 } }));
    expect(plan.itemsPerSubscription).toBe(300);
    expect(plan.subscriptions.map((s) => s.itemCount)).toEqual([250, 250, 250, 250]);
  });

  it('grows subscriptions to fit MaxSubscriptionsPerSession', () => {
    const plan = planSubscriptions(signals(10_000), options({ limits: { ...NO_SERVER_LIMITS, maxSubscriptionsPerSession: 4 } }));
    expect(plan.subscriptions).toHaveLength(4);
    expect(plan.itemsPerSubscription).toBe(2500);
    expect(plan.unplanned).toEqual([]);
  });

  it('merges the closest publishing intervals when there are more groups than subscriptions allowed', () => {
    const plan = planSubscriptions(
      [...signals(1, { publishingInterval: 100 }, 'a'), ...signals(1, { publishingInterval: 1000 }, 'b'), ...signals(1, { publishingInterval: 1200 }, 'c')],
      options({ limits: { ...NO_SERVER_LIMITS, maxSubscriptionsPerSession: 2 } }),
    );
    expect(plan.subscriptions.map((s) => [s.publishingInterval, s.requestedIntervals, s.itemCount])).toEqual([
      [100, [100], 1],
      [1000, [1000, 1200], 2],
    ]);
  });

  it('lists what does not fit with BadTooManyMonitoredItems instead of dropping it', () => {
    const all = signals(1000);
    const plan = planSubscriptions(
      all,
      options({ limits: { ...NO_SERVER_LIMITS, maxSubscriptionsPerSession: 2, maxMonitoredItemsPerSubscription: 300 } }),
    );
    expect(plan.subscriptions.map((s) => s.itemCount)).toEqual([300, 300]);
    expect(plan.unplanned).toHaveLength(400);
    expect(plan.unplanned[0]).toMatchObject({ signalId: 's600', statusCode: OPCUA_STATUS.BadTooManyMonitoredItems });
    expect(plan.unplanned[0]!.reason).toMatch(/MaxSubscriptionsPerSession/);
    expect([...planned(plan), ...plan.unplanned.map((u) => u.signalId)]).toEqual(all.map((s) => s.id));

    const capped = planSubscriptions(signals(10), options({ limits: { ...NO_SERVER_LIMITS, maxMonitoredItems: 8 } }));
    expect(planned(capped)).toHaveLength(8);
    expect(capped.unplanned.map((u) => u.signalId)).toEqual(['s8', 's9']);
    expect(capped.unplanned[0]!.reason).toMatch(/MaxMonitoredItems/);
  });
});
