import { Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of one platform (its own registry, so several platforms in a process never collide). */
export interface PlatformMetrics {
  readonly registry: Registry;
  /** Batches committed or acknowledged as duplicates. */
  readonly batches: Counter<'result'>;
  /** Samples in committed batches. */
  readonly samples: Counter;
  /** Batches rejected, by Rongtong error code. */
  readonly rejects: Counter<'code'>;
  /** Open ingest streams. */
  readonly ingestStreams: Gauge;
  /** Open feed subscriptions. */
  readonly feedSubscriptions: Gauge;
  /** Largest distance, in events, between the newest event and a subscription's position. */
  readonly feedLag: Gauge;
  /** Registers work to run before each scrape (e.g. computing gauges from live state). */
  onCollect(fn: () => Promise<void> | void): void;
  /** The Prometheus text exposition. */
  text(): Promise<string>;
  /** The content type of `text()`. */
  readonly contentType: string;
}

/** A fresh set of platform metrics. */
export function createPlatformMetrics(): PlatformMetrics {
  const registry = new Registry();
  const collectors: (() => Promise<void> | void)[] = [];
  const metrics: PlatformMetrics = {
    registry,
    batches: new Counter({ name: 'rongtong_ingest_batches_total', help: 'Batches acknowledged, by result (committed, duplicate).', labelNames: ['result'], registers: [registry] }),
    samples: new Counter({ name: 'rongtong_ingest_samples_total', help: 'Samples in committed batches.', registers: [registry] }),
    rejects: new Counter({ name: 'rongtong_ingest_rejects_total', help: 'Batches rejected, by Rongtong error code.', labelNames: ['code'], registers: [registry] }),
    ingestStreams: new Gauge({ name: 'rongtong_ingest_streams', help: 'Open ingest (Publish) streams.', registers: [registry] }),
    feedSubscriptions: new Gauge({ name: 'rongtong_feed_subscriptions', help: 'Open feed subscriptions.', registers: [registry] }),
    feedLag: new Gauge({ name: 'rongtong_feed_lag_events', help: 'Largest number of committed events a feed subscription has not been sent yet.', registers: [registry] }),
    onCollect: (fn) => collectors.push(fn),
    text: async () => {
      for (const fn of collectors) await fn();
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
  return metrics;
}
