export {
  BATCH_DIGEST_TAG,
  DIGEST_BYTES,
  GENESIS_PREV_HASH,
  batchDigest,
  bytesEqual,
  toHex,
  type BatchDigestInput,
} from './batch-digest.js';
export {
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  generateAgentKeyPair,
  privateKeyFromPem,
  publicKeyFromRaw,
  rawPublicKey,
  signDigest,
  verifyDigest,
  type AgentKeyPair,
} from './signing.js';
export {
  GENESIS_ANCHOR,
  sealBatch,
  verifyChain,
  type BatchVerifyFailure,
  type ChainAnchor,
  type ChainVerifyResult,
  type SignedBatch,
} from './signed-batch.js';
