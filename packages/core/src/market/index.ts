/**
 * Supply–demand matching (DESIGN §1, §4): hard constraints, then a weighted score from
 * measured capacity, spec fit, lead time, capacity confidence, quality history, region
 * and intended customers, with every factor's contribution and a Chinese explanation.
 * Pure functions, no I/O; the platform's MarketService calls them.
 */
export {
  DEFAULT_MATCH_WEIGHTS,
  MATCH_FACTORS,
  MatchWeightsSchema,
  resolveMatchWeights,
  type MatchFactor,
  type MatchWeights,
  type MatchWeightsInput,
} from './match-weights.js';
export {
  DESIGNATION_TEXT,
  MATCH_CONSTRAINTS,
  checkHardConstraints,
  supplyRegion,
  type HardConstraintSettings,
  type MatchConstraint,
  type MatchConstraintFailure,
  type SupplierProfile,
} from './hard-constraints.js';
export {
  PROVINCE_NAMES,
  REGION_RELATIONS,
  REGION_RELATION_TEXT,
  nearerRelation,
  neighbouringProvinces,
  regionRelation,
  type RegionRelation,
} from './region-distance.js';
export { parseNumericSpec, specFit, type SpecAttributeFit, type SpecAttributeOutcome, type SpecFit } from './spec-fit.js';
export { deliveryCheckpoints, leadTimeSlack, type DeliveryCheckpoint, type LeadTimeSlack } from './delivery-window.js';
export {
  capacityCoverage,
  type AvailableCapacityPeriod,
  type CapacityCoverage,
  type CapacityCoverageSettings,
  type CapacitySource,
} from './capacity-coverage.js';
export {
  REGION_RELATION_VALUE,
  scoreIntendedCustomer,
  scoreQuality,
  scoreRegion,
  type BuyerIdentity,
  type FactorValue,
} from './supplier-factors.js';
export { explainMatch } from './match-explanation.js';
export {
  RankSupplyOptionsSchema,
  rankSupplyForDemand,
  resolveRankSupplyOptions,
  type RankSupplyOptions,
  type ResolvedRankSupplyOptions,
  type SupplyCandidate,
  type SupplyMatch,
  type SupplyRanking,
} from './rank-supply.js';
