export {
  describeEvidenceResult,
  verifyEvidenceBundle,
  type EvidenceFailureReason,
  type EvidenceVerifyResult,
  type VerifiedChain,
  type VerifyEvidenceOptions,
} from './verify-evidence-bundle.js';
