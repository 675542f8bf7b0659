import { DESIGNATIONS, SIZE_CLASSES, enumToProto, type Enterprise as DomainEnterprise } from '@rongtong/core';
import { timestampFromMillis, type Enterprise, type Enterprise__Output } from '@rongtong/protocol';
import type { EnterpriseRecord } from '../../store/records.js';
import { optionalString } from './optional.js';
import { enumIn } from './proto-enum.js';

/**
 * The fields of `rongtong.v1.Enterprise` a client may set, by proto name, with their
 * domain names. Everything else (id, tenant_id, times, etag) is set by the platform.
 */
export const ENTERPRISE_MUTABLE_FIELDS = {
  unified_social_credit_code: 'unifiedSocialCreditCode',
  name: 'name',
  size_class: 'sizeClass',
  designation: 'designation',
  chain_leader: 'chainLeader',
  region_code: 'regionCode',
  certifications: 'certifications',
  identifier_prefix: 'identifierPrefix',
} as const satisfies Readonly<Record<string, keyof DomainEnterprise>>;

/** A domain field a client may set. */
export type EnterpriseMutableField = (typeof ENTERPRISE_MUTABLE_FIELDS)[keyof typeof ENTERPRISE_MUTABLE_FIELDS];

/**
 * The client-settable fields of a request's Enterprise, as an unvalidated domain object
 * for `EnterpriseSchema` (platform-set fields are dropped; unknown enum values are kept
 * so the schema names them).
 */
export function enterpriseInput(e: Enterprise__Output): Record<EnterpriseMutableField, unknown> {
  return {
    unifiedSocialCreditCode: e.unifiedSocialCreditCode,
    name: e.name,
    sizeClass: enumIn('SIZE_CLASS', SIZE_CLASSES, e.sizeClass),
    designation: enumIn('DESIGNATION', DESIGNATIONS, e.designation),
    chainLeader: e.chainLeader,
    regionCode: optionalString(e.regionCode),
    certifications: e.certifications,
    identifierPrefix: optionalString(e.identifierPrefix),
  };
}

/** The `rongtong.v1.Enterprise` of a stored enterprise. */
export function enterpriseToProto(r: EnterpriseRecord): Enterprise {
  return {
    id: r.id,
    tenantId: r.tenantId,
    unifiedSocialCreditCode: r.unifiedSocialCreditCode,
    name: r.name,
    sizeClass: r.sizeClass ? enumToProto('SIZE_CLASS', r.sizeClass) : 'SIZE_CLASS_UNSPECIFIED',
    designation: r.designation ? enumToProto('DESIGNATION', r.designation) : 'DESIGNATION_UNSPECIFIED',
    chainLeader: r.chainLeader,
    regionCode: r.regionCode ?? '',
    certifications: [...r.certifications],
    identifierPrefix: r.identifierPrefix ?? '',
    createTime: timestampFromMillis(r.createTime),
    updateTime: timestampFromMillis(r.updateTime),
    etag: r.etag,
  };
}
