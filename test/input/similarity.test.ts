import { describe, expect, it } from 'vitest';
import { editDistance, matchUnit, nearest } from '../../src/domain/similarity.ts';

const UNITS = [
  { code: 'MOF', name: 'Ministry of Finance', nameVi: 'Bộ Tài chính' },
  { code: 'MIC', name: 'Ministry of Information and Communications', nameVi: 'Bộ Thông tin và Truyền thông' },
  { code: 'HUE', name: 'Hue City', nameVi: 'Thành phố Huế' },
  { code: 'HN', name: 'Hanoi', nameVi: 'Hà Nội' },
];

describe('did you mean', () => {
  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('owner', 'owner')).toBe(0);
    expect(editDistance('ownr', 'owner')).toBe(1);
    expect(editDistance('form', 'from')).toBe(1);
    expect(editDistance('bloker', 'blocker')).toBe(1);
    expect(editDistance('abcdefgh', 'z', 2)).toBe(3);
  });

  it('names the nearest known word within a typo budget, accents and case ignored', () => {
    expect(nearest('bloker', ['help', 'blocker', 'hotline'])).toBe('blocker');
    expect(nearest('LSIT', ['add', 'list', 'show'])).toBe('list');
    expect(nearest('qua han', ['open', 'overdue'])).toBeUndefined();
    expect(nearest('x', ['x1'])).toBeUndefined();
    expect(nearest('Bo Tai chnh', ['Bộ Tài chính'])).toBe('Bộ Tài chính');
  });
});

describe('units by code or name', () => {
  it.each([
    ['MOF', 'MOF'],
    ['mof', 'MOF'],
    ['Bộ Tài chính', 'MOF'],
    ['bo tai chinh', 'MOF'],
    ['BỘ TÀI CHÍNH', 'MOF'],
    ['Ministry of Finance', 'MOF'],
    ['thanh pho hue', 'HUE'],
    ['Hà Nội', 'HN'],
    ['Tài chính', 'MOF'],
  ])('%s is %s', (typed, code) => {
    expect(matchUnit(UNITS, typed)).toEqual({ unit: expect.objectContaining({ code }) });
  });

  it('a name several units fit is listed, an unknown one gets the nearest', () => {
    const several = matchUnit(UNITS, 'Ministry');
    expect('several' in several && several.several.map((u) => u.code)).toEqual(['MOF', 'MIC']);
    expect(matchUnit(UNITS, 'MOFF')).toEqual({ none: true, suggestion: 'MOF' });
    expect(matchUnit(UNITS, 'Quảng Ninh')).toEqual({ none: true });
  });
});
