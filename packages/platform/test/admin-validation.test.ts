import { status } from '@grpc/grpc-js';
import type { Enterprise } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnterprise,
  createTenantWithAdmin,
  creditCode,
  enterpriseOf,
  startAdminTestServer,
  type TenantFixture,
} from './support/admin-fixtures.js';
import { failureOf, unary } from './support/grpc-call.js';
import type { TestServer } from './support/start-test-server.js';

describe('AdminService request validation, updates and paging', () => {
  let server: TestServer;
  let tenant: TenantFixture;

  beforeAll(async () => {
    server = await startAdminTestServer();
    tenant = await createTenantWithAdmin(server, 'validation');
  });

  afterAll(async () => {
    await server.close();
  });

  const admin = () => server.clients.admin;
  const create = (enterprise: Enterprise | null) => failureOf(unary(admin(), 'CreateEnterprise', { enterprise }, tenant.adminSecret));
  const invalid = (fields: string[]) => ({ status: status.INVALID_ARGUMENT, code: 'INVALID_ARGUMENT', fields });

  it('names the missing or malformed Enterprise field by its proto path', async () => {
    expect(await create(null)).toMatchObject(invalid(['enterprise']));
    expect(await create(enterpriseOf(1, { name: '' }))).toMatchObject(invalid(['enterprise.name']));
    expect(await create(enterpriseOf(1, { name: '   ' }))).toMatchObject(invalid(['enterprise.name']));
    const bad = `${creditCode(1).slice(0, 17)}${creditCode(1).endsWith('0') ? '1' : '0'}`;
    const badCode = await create(enterpriseOf(1, { unifiedSocialCreditCode: bad }));
    expect(badCode).toMatchObject(invalid(['enterprise.unified_social_credit_code']));
    expect(badCode.message).toMatch(/check character/);
    expect(await create(enterpriseOf(1, { unifiedSocialCreditCode: '' }))).toMatchObject(invalid(['enterprise.unified_social_credit_code']));
    expect(await create(enterpriseOf(1, { regionCode: '990000' }))).toMatchObject(invalid(['enterprise.region_code']));
    expect(await create(enterpriseOf(1, { identifierPrefix: '86.1' }))).toMatchObject(invalid(['enterprise.identifier_prefix']));
    expect(await create(enterpriseOf(1, { certifications: ['ISO9001', 'ISO9001'] }))).toMatchObject(invalid(['enterprise.certifications.1']));
    // Several problems are all named.
    const many = await create(enterpriseOf(1, { name: '', regionCode: '1' }));
    expect(many.fields.sort()).toEqual(['enterprise.name', 'enterprise.region_code']);
  });

  it('rejects enum numbers this version does not know, naming the field', async () => {
    const size = await create(enterpriseOf(1, { sizeClass: 99 as never }));
    expect(size).toMatchObject(invalid(['enterprise.size_class']));
    expect(size.message).toMatch(/unknown value 99/);
    expect(await create(enterpriseOf(1, { designation: 7 as never }))).toMatchObject(invalid(['enterprise.designation']));
    const scopes = await failureOf(
      unary(admin(), 'IssueApiToken', { scopes: ['SCOPE_FEED_READ', 42 as never], ttl: { seconds: '60' } }, tenant.adminSecret),
    );
    expect(scopes).toMatchObject(invalid(['scopes.1']));
    const unspecified = await failureOf(unary(admin(), 'IssueApiToken', { scopes: ['SCOPE_UNSPECIFIED'], ttl: { seconds: '60' } }, tenant.adminSecret));
    expect(unspecified).toMatchObject(invalid(['scopes.0']));
    const noScopes = await failureOf(unary(admin(), 'IssueApiToken', { ttl: { seconds: '60' } }, tenant.adminSecret));
    expect(noScopes).toMatchObject(invalid(['scopes']));
    const noExpiry = await failureOf(unary(admin(), 'IssueApiToken', { scopes: ['SCOPE_ADMIN'] }, tenant.adminSecret));
    expect(noExpiry).toMatchObject(invalid(['expiration']));
    expect(await failureOf(unary(admin(), 'ListTokens', { kind: 9 as never }, tenant.adminSecret))).toMatchObject(invalid(['kind']));
    expect(await failureOf(unary(admin(), 'ListEnterprises', { sizeClasses: ['SIZE_CLASS_LARGE', 12 as never] }, tenant.adminSecret))).toMatchObject(
      invalid(['size_classes.1']),
    );
  });

  it('validates tenants, ids and page parameters', async () => {
    const op = server.operatorSecret;
    expect(await failureOf(unary(admin(), 'CreateTenant', { tenant: { id: 'Bad Id', name: 'x' } }, op))).toMatchObject(invalid(['tenant.id']));
    expect(await failureOf(unary(admin(), 'CreateTenant', { tenant: { name: '' } }, op))).toMatchObject(invalid(['tenant.name']));
    expect(await failureOf(unary(admin(), 'CreateTenant', {}, op))).toMatchObject(invalid(['tenant']));
    expect(await failureOf(unary(admin(), 'GetEnterprise', {}, tenant.adminSecret))).toMatchObject(invalid(['enterprise_id']));
    expect(await failureOf(unary(admin(), 'RevokeToken', {}, tenant.adminSecret))).toMatchObject(invalid(['token_id']));
    expect(await failureOf(unary(admin(), 'IssueEnrollmentToken', { ttl: { seconds: '60' } }, tenant.adminSecret))).toMatchObject(
      invalid(['enterprise_id']),
    );
    expect(await failureOf(unary(admin(), 'ListEnterprises', { pageSize: -1 }, tenant.adminSecret))).toMatchObject(invalid(['page_size']));
    expect(await failureOf(unary(admin(), 'ListEnterprises', { pageToken: 'garbage' }, tenant.adminSecret))).toMatchObject(invalid(['page_token']));
    expect(await failureOf(unary(admin(), 'ListEnterprises', { regionCodePrefix: '5' }, tenant.adminSecret))).toMatchObject(
      invalid(['region_code_prefix']),
    );
  });

  it('updates with a field mask and etag, and refuses a stale etag with CONFLICT', async () => {
    const created = await createEnterprise(server, tenant.adminSecret, 100);
    const changed: string[] = [];
    server.ctx.events.on('enterpriseChanged', (e) => changed.push(e.id));

    const masked = await unary(
      admin(),
      'UpdateEnterprise',
      {
        enterprise: { id: created.id, etag: created.etag, designation: 'DESIGNATION_LITTLE_GIANT', name: 'ignored: not in the mask', regionCode: 'bad' },
        updateMask: { paths: ['designation'] },
      },
      tenant.adminSecret,
    );
    expect(masked.enterprise).toMatchObject({ designation: 'DESIGNATION_LITTLE_GIANT', name: created.name, regionCode: '500112' });
    expect(masked.enterprise?.etag).not.toBe(created.etag);
    expect(changed).toEqual([created.id]);

    const stale = await failureOf(
      unary(admin(), 'UpdateEnterprise', { enterprise: { id: created.id, etag: created.etag, chainLeader: true }, updateMask: { paths: ['chain_leader'] } }, tenant.adminSecret),
    );
    expect(stale).toMatchObject({ status: status.ABORTED, code: 'CONFLICT' });

    // An empty mask replaces every mutable field; unset ones become unset.
    const full = await unary(
      admin(),
      'UpdateEnterprise',
      { enterprise: { ...enterpriseOf(100, { name: '新名称', sizeClass: 'SIZE_CLASS_UNSPECIFIED' }), id: created.id, etag: masked.enterprise?.etag ?? '' } },
      tenant.adminSecret,
    );
    expect(full.enterprise).toMatchObject({ name: '新名称', sizeClass: 'SIZE_CLASS_UNSPECIFIED', designation: 'DESIGNATION_SPECIALIZED' });
    expect(full.enterprise?.createTime).toEqual(created.createTime);

    const badMask = await failureOf(
      unary(admin(), 'UpdateEnterprise', { enterprise: { id: created.id }, updateMask: { paths: ['name', 'etag'] } }, tenant.adminSecret),
    );
    expect(badMask).toMatchObject(invalid(['update_mask.paths.1']));
    const badValue = await failureOf(
      unary(admin(), 'UpdateEnterprise', { enterprise: { id: created.id, regionCode: 'x' }, updateMask: { paths: ['region_code'] } }, tenant.adminSecret),
    );
    expect(badValue).toMatchObject(invalid(['enterprise.region_code']));
    expect(await failureOf(unary(admin(), 'UpdateEnterprise', { enterprise: { name: 'x' } }, tenant.adminSecret))).toMatchObject(invalid(['enterprise.id']));

    const other = await createEnterprise(server, tenant.adminSecret, 101);
    const taken = await failureOf(
      unary(admin(), 'UpdateEnterprise', { enterprise: { id: other.id, unifiedSocialCreditCode: creditCode(100) }, updateMask: { paths: ['unified_social_credit_code'] } }, tenant.adminSecret),
    );
    expect(taken).toMatchObject({ status: status.ALREADY_EXISTS, code: 'ALREADY_EXISTS' });
  });

  it('pages and filters enterprises', async () => {
    const paged = await createTenantWithAdmin(server, 'paging');
    const s = paged.adminSecret;
    for (let n = 200; n < 207; n += 1) {
      const chainLeader = n === 200;
      const sizeClass = n % 2 === 0 ? 'SIZE_CLASS_SMALL' : 'SIZE_CLASS_MEDIUM';
      const regionCode = n < 204 ? '500112' : '510104';
      await unary(admin(), 'CreateEnterprise', { enterprise: enterpriseOf(n, { chainLeader, sizeClass, regionCode }) }, s);
    }
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await unary(admin(), 'ListEnterprises', { pageSize: 3, pageToken }, s);
      expect(page.enterprises.length).toBeLessThanOrEqual(3);
      seen.push(...page.enterprises.map((e) => e.id));
      pageToken = page.nextPageToken;
      pages += 1;
    } while (pageToken !== '');
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);

    const list = async (filter: object, pageSize = 0) =>
      (await unary(admin(), 'ListEnterprises', { ...filter, pageSize }, s)).enterprises.map((e) => e.unifiedSocialCreditCode);
    expect(await list({ chainLeadersOnly: true })).toEqual([creditCode(200)]);
    expect(await list({ unifiedSocialCreditCode: creditCode(203) })).toEqual([creditCode(203)]);
    expect((await list({ regionCodePrefix: '51' })).sort()).toEqual([204, 205, 206].map(creditCode).sort());
    expect((await list({ sizeClasses: ['SIZE_CLASS_MEDIUM'] })).sort()).toEqual([201, 203, 205].map(creditCode).sort());
    expect(await list({ minimumDesignation: 'DESIGNATION_LITTLE_GIANT' })).toEqual([]);
    expect(await list({ minimumDesignation: 'DESIGNATION_INNOVATIVE_SME' })).toHaveLength(7);

    // A filtered listing still fills its pages: 3 medium enterprises, two per page.
    const first = await unary(admin(), 'ListEnterprises', { sizeClasses: ['SIZE_CLASS_MEDIUM'], pageSize: 2 }, s);
    expect(first.enterprises).toHaveLength(2);
    const second = await unary(admin(), 'ListEnterprises', { sizeClasses: ['SIZE_CLASS_MEDIUM'], pageSize: 2, pageToken: first.nextPageToken }, s);
    expect(second.enterprises).toHaveLength(1);
    expect(second.nextPageToken).toBe('');
  });
});
