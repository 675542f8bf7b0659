import type { Scope } from '@rongtong/core';
import type { TokenKind } from '../store/records.js';

/** Who is calling: the authenticated token and what it may do. */
export interface Principal {
  readonly tokenId: string;
  readonly kind: TokenKind;
  /** The tenant the token acts in; '' for the deployment operator (any tenant). */
  readonly tenantId: string;
  readonly scopes: readonly Scope[];
  /** '' when the token may see the whole tenant. */
  readonly enterpriseId: string;
  /** Set for agent credentials. */
  readonly agentId: string;
  /** True for the deployment operator's token (bootstrap / RONGTONG_ADMIN_TOKEN). */
  readonly operator: boolean;
}
