import type { RongtongClient } from '@rongtong/client';

/** Through the public client, as an integrator would: a tenant and one enterprise in it. */
export async function tenantWithEnterprise(admin: RongtongClient, name: string): Promise<{ tenantId: string; enterpriseId: string }> {
  const { tenant } = await admin.admin.createTenant({ tenant: { name } });
  const { enterprise } = await admin.admin.createEnterprise({
    tenantId: tenant!.id,
    enterprise: { unifiedSocialCreditCode: '91350100M000100Y43', name: `${name} 测试企业`, chainLeader: false },
  });
  return { tenantId: tenant!.id, enterpriseId: enterprise!.id };
}
