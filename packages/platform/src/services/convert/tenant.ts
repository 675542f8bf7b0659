import { timestampFromMillis, type Tenant, type Tenant__Output } from '@rongtong/protocol';
import type { TenantRecord } from '../../store/records.js';

/** The client-settable fields of a request's Tenant, unvalidated (an empty id means "generate one"). */
export function tenantInput(t: Tenant__Output): { id: string; name: string } {
  return { id: t.id, name: t.name };
}

/** The `rongtong.v1.Tenant` of a stored tenant. */
export function tenantToProto(r: TenantRecord): Tenant {
  return { id: r.id, name: r.name, createTime: timestampFromMillis(r.createTime) };
}
