// readCell: the cell shapes of domain/annual-report-format.md §8; nothing that is not a number becomes one.
import { describe, expect, it } from 'vitest';
import { isValueLike, readCell } from '../../../pipeline/parse/read-cell.js';

describe('readCell', () => {
  it.each([
    ['0', 'count', 0, 'ok', undefined],
    [' 7 ', 'count', 7, 'ok', undefined],
    ['25 ', 'count', 25, 'ok', undefined],
    ['\u3000\u30000', 'count', 0, 'ok', undefined],
    ['１２', 'count', 12, 'ok', undefined],
    ['1,234', 'count', 1234, 'ok', undefined],
    ['1，234', 'count', 1234, 'ok', undefined],
    ['12件', 'count', 12, 'ok', 'unit'],
    ['373.91万元', '万元', 373.91, 'ok', 'unit'],
    ['251000元', '万元', 25.1, 'ok', 'yuan'],
    ['254.38', '万元', 254.38, 'ok', undefined],
    ['+1036', 'count', 1036, 'ok', undefined],
    ['-13', 'count', -13, 'ok', undefined],
    ['', 'count', null, 'blank', undefined],
    ['\u00a0', 'count', null, 'blank', undefined],
    ['/', 'count', null, 'dash', undefined],
    ['—', 'count', null, 'dash', undefined],
    ['-', 'count', null, 'dash', undefined],
    ['无', 'count', null, 'dash', undefined],
    ['约5', 'count', null, 'unreadable', undefined],
    ['若干', 'count', null, 'unreadable', undefined],
    ['1 2', 'count', null, 'unreadable', undefined],
    ['1,2', 'count', null, 'unreadable', undefined],
    ['5万元', 'count', null, 'unreadable', undefined],
    ['12件', '万元', null, 'unreadable', undefined],
    // Plain digits, the fast path, and past it: leading zeros, 15 and 16 digits, digits too many to be finite.
    ['007', 'count', 7, 'ok', undefined],
    ['123456789012345', '万元', 123456789012345, 'ok', undefined],
    ['1234567890123456', 'count', 1234567890123456, 'ok', undefined],
    ['9'.repeat(400), 'count', null, 'unreadable', undefined],
  ] as const)('%j as %s → %s (%s)', (raw, unit, value, status, note) => {
    const v = readCell(raw, unit);
    expect(v).toEqual(note ? { value, status, note } : { value, status });
  });

  it.each([
    ['0', true],
    ['373.91万元', true],
    ['约5', true],
    ['/', true],
    ['3.其他', false],
    ['1.属于国家秘密', false],
    ['行政许可', false],
    ['第二十条第（一）项', false],
    ['', false],
    ['1234567890123456', true],
    ['12345678901234567', false],
  ])('isValueLike(%j) = %s', (raw, expected) => {
    expect(isValueLike(raw)).toBe(expected);
  });
});
