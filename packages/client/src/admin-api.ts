import type { AdminServiceDefinition } from '@rongtong/protocol';
import type { CallContext } from './call-context.js';
import { contract } from './contract.js';
import { unary } from './unary.js';
import type { UnaryApi } from './unary-api.js';

/** `rongtong.v1.AdminService`: tenants, enterprises, enrollment and API tokens, revocation, agents. */
export type AdminApi = UnaryApi<AdminServiceDefinition>;

/** The AdminService methods over a client's channel. */
export function createAdminApi(context: CallContext): AdminApi {
  const s = contract().AdminService.service;
  return {
    createTenant: unary(context, s.CreateTenant),
    listTenants: unary(context, s.ListTenants),
    createEnterprise: unary(context, s.CreateEnterprise),
    updateEnterprise: unary(context, s.UpdateEnterprise),
    getEnterprise: unary(context, s.GetEnterprise),
    listEnterprises: unary(context, s.ListEnterprises),
    issueEnrollmentToken: unary(context, s.IssueEnrollmentToken),
    issueApiToken: unary(context, s.IssueApiToken),
    revokeToken: unary(context, s.RevokeToken),
    listTokens: unary(context, s.ListTokens),
    listAgents: unary(context, s.ListAgents),
  };
}
