import { describe, expect, it } from 'vitest';
import {
  assessRoadmap,
  expectedPercent,
  latestReport,
  roadmapStatus,
} from '../../src/domain/roadmap-status.ts';

const d = (iso: string) => new Date(iso);
// A 100-day item: 1 % of the time per day. Week starts Monday 2025-03-10 00:00 (UTC+7 = 03-09 17:00Z).
const item = { startAt: d('2025-01-01T00:00:00Z'), due: d('2025-04-11T00:00:00Z') };
const weekStart = d('2025-03-09T17:00:00Z');
const now = d('2025-03-12T00:00:00Z'); // day 70 → expected 70 %
const thisWeek = d('2025-03-10T02:00:00Z');
const lastWeek = d('2025-03-07T02:00:00Z');

describe('expectedPercent', () => {
  it('is the linear share of elapsed time, clamped to 0–100', () => {
    expect(expectedPercent(item, now)).toBeCloseTo(70, 10);
    expect(expectedPercent(item, item.startAt)).toBe(0);
    expect(expectedPercent(item, d('2024-12-01T00:00:00Z'))).toBe(0);
    expect(expectedPercent(item, item.due)).toBe(100);
    expect(expectedPercent(item, d('2025-06-01T00:00:00Z'))).toBe(100);
  });

  it('a zero-length item is due all at once', () => {
    const flat = { startAt: item.due, due: item.due };
    expect(expectedPercent(flat, d('2025-04-10T00:00:00Z'))).toBe(0);
    expect(expectedPercent(flat, item.due)).toBe(100);
  });
});

describe('latestReport', () => {
  it('takes the newest report at or before now, ignoring later ones', () => {
    const reports = [
      { percent: 50, at: lastWeek },
      { percent: 80, at: thisWeek },
      { percent: 90, at: d('2025-03-13T00:00:00Z') },
    ];
    expect(latestReport(reports, now)?.percent).toBe(80);
    expect(latestReport([], now)).toBeUndefined();
  });
});

describe('roadmapStatus', () => {
  it.each([
    { name: '100 % reported → done', reports: [{ percent: 100, at: lastWeek }], at: now, status: 'done' },
    {
      name: 'done even after the due date',
      reports: [{ percent: 100, at: lastWeek }],
      at: d('2025-05-01T00:00:00Z'),
      status: 'done',
    },
    {
      name: 'due passed, not done → late',
      reports: [{ percent: 99, at: d('2025-04-10T00:00:00Z') }],
      at: d('2025-04-11T00:00:01Z'),
      status: 'late',
    },
    {
      name: '100 % at the due instant → done',
      reports: [{ percent: 100, at: d('2025-04-11T00:00:00Z') }],
      at: item.due,
      status: 'done',
    },
    {
      name: 'exactly at due, 99 % → at risk (not late yet)',
      reports: [{ percent: 99, at: d('2025-04-10T00:00:00Z') }],
      at: item.due,
      status: 'at_risk',
    },
    {
      name: 'exactly on pace → on track',
      reports: [{ percent: 70, at: thisWeek }],
      at: now,
      status: 'on_track',
    },
    {
      name: 'one point behind pace → at risk',
      reports: [{ percent: 69, at: thisWeek }],
      at: now,
      status: 'at_risk',
    },
    {
      name: 'ahead, reported this week → on track',
      reports: [{ percent: 85, at: thisWeek }],
      at: now,
      status: 'on_track',
    },
    {
      name: 'ahead but no report this week → at risk',
      reports: [{ percent: 85, at: lastWeek }],
      at: now,
      status: 'at_risk',
    },
    {
      name: 'report exactly at week start counts',
      reports: [{ percent: 85, at: weekStart }],
      at: now,
      status: 'on_track',
    },
    { name: 'never reported, older item → at risk', reports: [], at: now, status: 'at_risk' },
    {
      name: 'the latest report counts, not the best one',
      reports: [
        { percent: 90, at: lastWeek },
        { percent: 60, at: thisWeek },
      ],
      at: now,
      status: 'at_risk',
    },
  ] as const)('$name', ({ reports, at, status }) => {
    expect(roadmapStatus(item, [...reports], at, weekStart)).toBe(status);
  });

  describe('an item created this week', () => {
    const fresh = { startAt: d('2025-03-10T03:00:00Z'), due: d('2025-06-10T00:00:00Z') };
    it('never reported is at risk with "no report yet", not on track', () => {
      expect(assessRoadmap(fresh, [], now, weekStart)).toEqual({ status: 'at_risk', reason: 'no_report' });
    });
    it('reported on pace this week is on track', () => {
      expect(
        roadmapStatus({ ...fresh, startAt: weekStart }, [{ percent: 5, at: thisWeek }], now, weekStart),
      ).toBe('on_track');
    });
    it('is still at risk when its report trails the pace', () => {
      expect(roadmapStatus(fresh, [{ percent: 0, at: thisWeek }], now, weekStart)).toBe('at_risk');
    });
    it('is late once due passes', () => {
      const short = { startAt: d('2025-03-10T03:00:00Z'), due: d('2025-03-11T00:00:00Z') };
      expect(roadmapStatus(short, [], now, weekStart)).toBe('late');
    });
  });
});

describe('assessRoadmap reasons', () => {
  const running = { startAt: d('2025-01-01T00:00:00Z'), due: d('2025-12-31T00:00:00Z') };
  const at = d('2025-07-02T00:00:00Z');
  const monday = d('2025-06-30T00:00:00Z');
  it('a programme started in the past is expected about half way by July', () => {
    expect(Math.round(expectedPercent(running, at))).toBe(50);
    expect(assessRoadmap(running, [{ percent: 30, at }], at, monday)).toEqual({
      status: 'at_risk',
      reason: 'behind',
    });
    expect(assessRoadmap(running, [{ percent: 55, at }], at, monday)).toEqual({
      status: 'on_track',
      reason: null,
    });
    expect(assessRoadmap(running, [{ percent: 55, at: d('2025-06-20T00:00:00Z') }], at, monday)).toEqual({
      status: 'at_risk',
      reason: 'not_this_week',
    });
  });
});
