import { createMessageCodec, type DeclareEquipmentRequest, type DeclareEquipmentRequest__Output, type Equipment } from '@rongtong/protocol';

/** How large one `DeclareEquipment` request may be. */
export interface DeclarationLimits {
  /** Most equipment per request (the platform takes up to 1000). */
  readonly maxEquipment: number;
  /** Most encoded bytes per request (the platform's gRPC receive limit is larger). */
  readonly maxBytes: number;
}

/** Default {@link DeclarationLimits}: 500 equipment or 4 MiB per request. */
export const DEFAULT_DECLARATION_LIMITS: DeclarationLimits = { maxEquipment: 500, maxBytes: 4 * 1024 * 1024 };

/** The equipment of a declaration, split into requests. */
export interface DeclarationRequests {
  /** The requests, in config order; each within the limits. */
  readonly requests: readonly DeclareEquipmentRequest[];
  /** Ids of equipment too large for one request on its own (more than `maxBytes` encoded): not sent. */
  readonly tooLarge: readonly string[];
}

let codec: ReturnType<typeof createMessageCodec<DeclareEquipmentRequest, DeclareEquipmentRequest__Output>> | undefined;

/**
 * Encoded size of `equipment` as one entry of a `DeclareEquipmentRequest` (tag, length and
 * message): a request's size is exactly the sum of its entries' sizes.
 */
export function declarationEntryBytes(equipment: Equipment): number {
  codec ??= createMessageCodec<DeclareEquipmentRequest, DeclareEquipmentRequest__Output>('rongtong.v1.DeclareEquipmentRequest');
  return codec.encode({ equipment: [equipment] }).length;
}

/**
 * Splits a declaration into `DeclareEquipment` requests of at most `limits.maxEquipment`
 * equipment and `limits.maxBytes` encoded bytes, keeping config order. Each equipment goes
 * whole into one request (its signal list replaces the stored one, so it cannot be split);
 * one larger than `maxBytes` on its own is left out and named in `tooLarge`. No equipment,
 * no requests (the platform needs at least one per request).
 */
export function splitDeclaration(equipment: readonly Equipment[], limits: DeclarationLimits = DEFAULT_DECLARATION_LIMITS): DeclarationRequests {
  const requests: DeclareEquipmentRequest[] = [];
  const tooLarge: string[] = [];
  let current: Equipment[] = [];
  let bytes = 0;
  for (const e of equipment) {
    const size = declarationEntryBytes(e);
    if (size > limits.maxBytes) {
      tooLarge.push(e.id ?? '');
      continue;
    }
    if (current.length > 0 && (current.length >= limits.maxEquipment || bytes + size > limits.maxBytes)) {
      requests.push({ equipment: current });
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length > 0) requests.push({ equipment: current });
  return { requests, tooLarge };
}
