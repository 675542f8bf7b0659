/** Fully-qualified names of the v1 services, as registered on a gRPC server and for reflection. */
export const SERVICE_NAMES = {
  ingest: 'rongtong.v1.IngestService',
  onboarding: 'rongtong.v1.OnboardingService',
  admin: 'rongtong.v1.AdminService',
  capacity: 'rongtong.v1.CapacityService',
  market: 'rongtong.v1.MarketService',
  feed: 'rongtong.v1.FeedService',
} as const;

/** Key of one v1 service. */
export type ServiceKey = keyof typeof SERVICE_NAMES;

/** gRPC metadata key of the `rongtong.v1.ErrorDetail` a server attaches to a failed call. */
export const ERROR_DETAIL_METADATA_KEY = 'rongtong-error-bin';
