import { DataType, DataValue, Range, StatusCodes, TimeZoneDataType, Variant, VariantArrayType } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { convertDataValue } from './data-value-sample.js';
import { OPCUA_STATUS } from './status-codes.js';
import { selectValuePart, selectsSingleElement } from './value-part.js';

const zone = (offset: number) => new TimeZoneDataType({ offset, daylightSavingInOffset: offset > 0 });
const array = (dataType: DataType, value: unknown[]) => new Variant({ dataType, arrayType: VariantArrayType.Array, value });
const at = (value: Variant) => new DataValue({ value, statusCode: StatusCodes.Good, sourceTimestamp: new Date(1_000) });

describe('selectValuePart', () => {
  it('takes the one element a single-element range gives, and its field with the type the structure declares', () => {
    const one = array(DataType.ExtensionObject, [zone(-60)]);
    const element = selectValuePart(one, { indexRange: '0' });
    expect(element.ok && element.variant.arrayType).toBe(VariantArrayType.Scalar);
    // Field names as written in the model (Offset) or as node-opcua decodes them (offset).
    for (const field of ['Offset', 'offset']) {
      const selected = selectValuePart(one, { indexRange: '0', field });
      expect(selected).toEqual({ ok: true, variant: { dataType: DataType.Int16, value: -60 } });
    }
    expect(convertDataValue(at(one), 5, { indexRange: '0', field: 'Offset' })).toMatchObject({ ok: true, value: -60n, quality: 'good' });
    expect(convertDataValue(at(one), 5, { indexRange: '0', field: 'DaylightSavingInOffset' })).toMatchObject({ ok: true, value: false });
    expect(convertDataValue(at(new Variant({ dataType: DataType.ExtensionObject, value: new Range({ low: 1.5, high: 9 }) })), 5, { field: 'High' })).toMatchObject({
      value: 9,
    });
    // A single element of a plain array becomes a scalar value.
    expect(convertDataValue(at(array(DataType.UInt32, [42])), 5, { indexRange: '3' })).toMatchObject({ ok: true, value: 42n });
    expect(selectsSingleElement('0,2')).toBe(true);
    expect(selectsSingleElement('0:2')).toBe(false);
  });

  it('makes a bad sample naming the reason when the value has not the part, and never throws', () => {
    const cases: [Variant, { indexRange?: string; field?: string }, string, RegExp][] = [
      [array(DataType.ExtensionObject, [zone(1)]), { indexRange: '0', field: 'AccCount' }, 'missing_field', /no field AccCount \(fields: offset, daylightSavingInOffset\)/],
      [new Variant({ dataType: DataType.UInt32, value: 7 }), { field: 'AccCount' }, 'not_a_structure', /UInt32, not a structure/],
      [array(DataType.ExtensionObject, [zone(1)]), { field: 'Offset' }, 'not_a_structure', /array of ExtensionObject.*add indexRange/],
      [array(DataType.ExtensionObject, [zone(1), zone(2)]), { indexRange: '0', field: 'Offset' }, 'not_one_element', /gave 2 elements/],
      [array(DataType.ExtensionObject, []), { indexRange: '0', field: 'Offset' }, 'not_one_element', /gave 0 elements/],
      [new Variant({ dataType: DataType.ExtensionObject, value: zone(1) }), { field: 'Offset.Inner' }, 'not_a_structure', /field Offset is Int16/],
    ];
    for (const [variant, part, reason, detail] of cases) {
      const converted = convertDataValue(at(variant), 5, part);
      expect(converted, JSON.stringify(part)).toMatchObject({
        ok: true,
        value: undefined,
        quality: 'bad',
        sourceStatus: OPCUA_STATUS.BadTypeMismatch,
        sourceTime: 1_000,
        partFailure: { reason },
      });
      expect(converted.ok && converted.partFailure?.detail).toMatch(detail);
    }
  });

  it('leaves bad values and ranges of several elements to the usual conversion', () => {
    const bad = new DataValue({ statusCode: StatusCodes.BadIndexRangeNoData, sourceTimestamp: new Date(1_000) });
    expect(convertDataValue(bad, 5, { indexRange: '4', field: 'AccCount' })).toMatchObject({ ok: true, quality: 'bad', sourceStatus: StatusCodes.BadIndexRangeNoData.value });
    expect(convertDataValue(at(array(DataType.UInt32, [1, 2])), 5, { indexRange: '0:1' })).toMatchObject({ ok: false, reason: 'array' });
  });
});
