/** The words every report counts with (src/domain/vocabulary.ts), at their edges. */
import { describe, expect, it } from 'vitest';
import {
  daysOverdue,
  disciplineScore,
  missingWeeks,
  monitoringPeriodOf,
  openAt,
  owesReport,
  previousPeriod,
  reportTiming,
  resolvedWithin,
  unitWeekTiming,
  weekStartOf,
} from '../../src/domain/vocabulary.ts';
import { WorkingCalendar } from '../../src/domain/working-calendar.ts';
import { fromAcceptLanguage } from '../../src/http/web-query.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (s: string) => new Date(`${s}+07:00`);

describe('days overdue', () => {
  it('counts calendar days in TZ_DEFAULT: due Monday 17:00, seen the next Monday 10:00, is 7 (not 6 × 24 h)', () => {
    expect(daysOverdue(at('2026-11-30T17:00:00'), at('2026-12-07T10:00:00'), TZ)).toBe(7);
  });
  it('is 1 from the first second past the deadline, 0 before it', () => {
    expect(daysOverdue(at('2026-11-30T17:00:00'), at('2026-11-30T17:00:00'), TZ)).toBe(0);
    expect(daysOverdue(at('2026-11-30T17:00:00'), at('2026-11-30T17:00:01'), TZ)).toBe(1);
    expect(daysOverdue(at('2026-11-30T17:00:00'), at('2026-12-01T23:59:00'), TZ)).toBe(1);
    expect(daysOverdue(at('2026-11-30T17:00:00'), at('2026-12-02T00:00:00'), TZ)).toBe(2);
  });
  it('counts local dates, not UTC ones, across the year end', () => {
    // 01/01 06:00 local is 31/12 23:00 UTC: by UTC dates it would be 1 day, by local dates it is 2.
    expect(daysOverdue(at('2026-12-30T17:00:00'), at('2027-01-01T06:00:00'), TZ)).toBe(2);
  });
});

describe('resolved within, open at', () => {
  const b = {
    status: 'resolved' as const,
    deadline: null,
    createdAt: at('2026-11-14T20:00:00'),
    resolvedAt: at('2026-11-15T00:00:00'),
  };
  it('puts a resolution at 15th 00:00 in the period that starts then', () => {
    expect(resolvedWithin(b, monitoringPeriodOf(2026, 12, TZ))).toBe(true);
    expect(resolvedWithin(b, monitoringPeriodOf(2026, 11, TZ))).toBe(false);
    expect(openAt(b, at('2026-11-14T23:59:59'))).toBe(true);
    expect(openAt(b, at('2026-11-15T00:00:00'))).toBe(false);
  });
  it('a dropped blocker is closed but not a result', () => {
    expect(resolvedWithin({ ...b, status: 'dropped' }, monitoringPeriodOf(2026, 12, TZ))).toBe(false);
  });
});

describe('monitoring periods', () => {
  it('the January period starts on 15 December of the year before', () => {
    const jan = monitoringPeriodOf(2027, 1, TZ);
    expect(jan.from).toEqual(at('2026-12-15T00:00:00'));
    expect(jan.to).toEqual(at('2027-01-15T00:00:00'));
    expect(previousPeriod(jan, TZ).key).toBe('2026-12');
    expect(previousPeriod(monitoringPeriodOf(2027, 12, TZ), TZ).key).toBe('2027-11');
  });
});

describe('reported on time', () => {
  const monday = weekStartOf(at('2026-11-25T10:00:00'), TZ); // 23/11
  const item = (reports: string[]) => ({
    startAt: at('2026-11-01T09:00:00'),
    reports: reports.map((r) => ({ percent: 10, at: at(r) })),
  });
  it('on time up to Friday 12:00, late after it in the same week, missing when none came', () => {
    const now = at('2026-12-01T09:00:00');
    expect(reportTiming(item(['2026-11-27T12:00:00']), monday, now, TZ)).toBe('on_time');
    expect(reportTiming(item(['2026-11-27T12:00:01']), monday, now, TZ)).toBe('late');
    expect(reportTiming(item(['2026-11-29T23:59:00']), monday, now, TZ)).toBe('late');
    expect(reportTiming(item(['2026-11-30T00:00:00']), monday, now, TZ)).toBe('missing');
    expect(reportTiming(item([]), monday, at('2026-11-27T11:00:00'), TZ)).toBe('pending');
  });
  it('a unit’s week is its worst item’s; the score counts late as half', () => {
    expect(unitWeekTiming(['on_time', 'late'])).toBe('late');
    expect(unitWeekTiming(['on_time', 'missing', 'late'])).toBe('missing');
    expect(unitWeekTiming([])).toBeNull();
    expect(disciplineScore(['on_time', 'late', 'missing', 'on_time'])).toBe(63);
    expect(disciplineScore([null, 'pending'])).toBeNull();
  });
  it('on the working calendar: due 12:00 on the week’s last working day up to Friday; a week all off owes none', () => {
    const cal = new WorkingCalendar({ holidays: ['2026-11-27'] }); // Friday 27/11 off
    const now = at('2026-12-01T09:00:00');
    expect(reportTiming(item(['2026-11-26T12:00:00']), monday, now, TZ, cal)).toBe('on_time');
    expect(reportTiming(item(['2026-11-26T12:00:01']), monday, now, TZ, cal)).toBe('late');
    expect(reportTiming(item(['2026-11-26T12:00:01']), monday, now, TZ)).toBe('on_time');
    const tet = weekStartOf(at('2026-02-18T10:00:00'), TZ); // 16–20/02/2026, all Tết
    const since = { startAt: at('2026-01-20T09:00:00'), reports: [] };
    expect(owesReport(since, tet, new WorkingCalendar(), TZ)).toBe(false);
    expect(owesReport(since, tet)).toBe(true);
    // The weekly report request names no Tết week as missing (the period is 15/02–14/03/2026).
    const now2 = at('2026-03-02T09:00:00');
    expect(missingWeeks(since, now2, TZ, new WorkingCalendar())).toEqual([at('2026-02-23T00:00:00')]);
    expect(missingWeeks(since, now2, TZ)).toEqual([at('2026-02-16T00:00:00'), at('2026-02-23T00:00:00')]);
  });
  it('names the missing weeks of the period before this one', () => {
    const weeks = missingWeeks(item(['2026-11-16T10:00:00']), at('2026-12-03T09:00:00'), TZ);
    expect(weeks).toEqual([at('2026-11-23T00:00:00')]);
  });
});

describe('Accept-Language', () => {
  it('takes the first of our languages by weight, then order', () => {
    expect(fromAcceptLanguage('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(fromAcceptLanguage('fr-FR, en;q=0.5, vi;q=0.7')).toBe('vi');
    expect(fromAcceptLanguage('de, fr')).toBeNull();
    expect(fromAcceptLanguage('vi;q=0, en')).toBe('en');
    expect(fromAcceptLanguage(undefined)).toBeNull();
  });
});
