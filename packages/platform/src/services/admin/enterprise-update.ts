import { EnterpriseSchema, type Enterprise as DomainEnterprise } from '@rongtong/core';
import type { Enterprise__Output } from '@rongtong/protocol';
import type { EnterpriseRecord } from '../../store/records.js';
import { ENTERPRISE_MUTABLE_FIELDS, enterpriseInput, type EnterpriseMutableField } from '../convert/enterprise.js';
import { invalidArgument, parseRequest } from '../validate.js';

const MUTABLE_PROTO_NAMES = Object.keys(ENTERPRISE_MUTABLE_FIELDS);

/** The domain fields an update mask names; an empty mask names every mutable field. */
export function maskedFields(paths: readonly string[]): EnterpriseMutableField[] {
  if (paths.length === 0) return Object.values(ENTERPRISE_MUTABLE_FIELDS);
  const fields: EnterpriseMutableField[] = [];
  const violations = paths.flatMap((path, i) => {
    const field = (ENTERPRISE_MUTABLE_FIELDS as Readonly<Record<string, EnterpriseMutableField>>)[path];
    if (field === undefined) {
      return [{ path: `update_mask.paths.${i}`, reason: `not a mutable Enterprise field: use ${MUTABLE_PROTO_NAMES.join(', ')}` }];
    }
    if (!fields.includes(field)) fields.push(field);
    return [];
  });
  if (violations.length > 0) throw invalidArgument(violations);
  return fields;
}

/**
 * The enterprise after an update: the stored values, with the masked fields taken from
 * the request, validated as a whole (fields outside the mask are ignored, whatever they
 * hold). Platform-set fields are kept from the stored record; the caller sets the new
 * update time and etag.
 */
export function applyEnterpriseUpdate(
  stored: EnterpriseRecord,
  request: Enterprise__Output,
  fields: readonly EnterpriseMutableField[],
): DomainEnterprise {
  const incoming = enterpriseInput(request);
  const merged: Record<string, unknown> = {
    unifiedSocialCreditCode: stored.unifiedSocialCreditCode,
    name: stored.name,
    sizeClass: stored.sizeClass,
    designation: stored.designation,
    chainLeader: stored.chainLeader,
    regionCode: stored.regionCode,
    certifications: stored.certifications,
    identifierPrefix: stored.identifierPrefix,
  };
  for (const field of fields) merged[field] = incoming[field];
  return parseRequest(EnterpriseSchema, merged, ['enterprise']);
}
