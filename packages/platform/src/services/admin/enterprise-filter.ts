import { DESIGNATIONS, SIZE_CLASSES, isRegionPrefix, type Designation, type SizeClass } from '@rongtong/core';
import type { ListEnterprisesRequest__Output } from '@rongtong/protocol';
import type { EnterpriseRecord } from '../../store/records.js';
import { enumIn, isEnumValue } from '../convert/proto-enum.js';
import { invalidArgument } from '../validate.js';
import type { FieldViolation } from '@rongtong/core';

/** The filters of a ListEnterprises request, checked. */
export interface EnterpriseFilter {
  unifiedSocialCreditCode: string;
  regionCodePrefix: string;
  sizeClasses: readonly SizeClass[];
  minimumDesignation: Designation | undefined;
  chainLeadersOnly: boolean;
}

/** The checked filters of a ListEnterprises request; INVALID_ARGUMENT names each bad one. */
export function enterpriseFilterFrom(request: ListEnterprisesRequest__Output): EnterpriseFilter {
  const violations: FieldViolation[] = [];
  if (request.regionCodePrefix !== '' && !isRegionPrefix(request.regionCodePrefix)) {
    violations.push({ path: 'region_code_prefix', reason: 'must be 2, 4 or 6 digits of a GB/T 2260 code, e.g. "50"' });
  }
  const sizeClasses: SizeClass[] = [];
  request.sizeClasses.forEach((value, i) => {
    const sizeClass = enumIn('SIZE_CLASS', SIZE_CLASSES, value);
    if (isEnumValue(SIZE_CLASSES, sizeClass)) sizeClasses.push(sizeClass);
    else violations.push({ path: `size_classes.${i}`, reason: `unknown or unspecified size class ${JSON.stringify(value)}` });
  });
  const designation = enumIn('DESIGNATION', DESIGNATIONS, request.minimumDesignation);
  if (designation !== undefined && !isEnumValue(DESIGNATIONS, designation)) {
    violations.push({ path: 'minimum_designation', reason: `unknown designation ${JSON.stringify(designation)}` });
  }
  if (violations.length > 0) throw invalidArgument(violations);
  return {
    unifiedSocialCreditCode: request.unifiedSocialCreditCode,
    regionCodePrefix: request.regionCodePrefix,
    sizeClasses,
    minimumDesignation: isEnumValue(DESIGNATIONS, designation) ? designation : undefined,
    chainLeadersOnly: request.chainLeadersOnly,
  };
}

/** True when an enterprise passes every filter. An unstated designation counts as `none`. */
export function matchesEnterpriseFilter(e: EnterpriseRecord, f: EnterpriseFilter): boolean {
  if (f.unifiedSocialCreditCode !== '' && e.unifiedSocialCreditCode !== f.unifiedSocialCreditCode) return false;
  if (f.regionCodePrefix !== '' && !(e.regionCode ?? '').startsWith(f.regionCodePrefix)) return false;
  if (f.sizeClasses.length > 0 && (e.sizeClass === undefined || !f.sizeClasses.includes(e.sizeClass))) return false;
  if (f.minimumDesignation !== undefined) {
    if (DESIGNATIONS.indexOf(e.designation ?? 'none') < DESIGNATIONS.indexOf(f.minimumDesignation)) return false;
  }
  return !f.chainLeadersOnly || e.chainLeader;
}
