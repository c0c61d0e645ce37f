import { beforeAll, describe, expect, it } from 'vitest';
import type { WebFixture } from './fixture.ts';

/** The shared fixture, set when the suite starts. */
let f: WebFixture;

/** Each VEVENT as a map of its (unfolded) properties. */
async function events(query = '') {
  const res = await fetch(`${f.base}/calendar.ics${query}`);
  const text = (await res.text()).replace(/\r\n[ \t]/g, '');
  const list = [...text.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map(
    (m) =>
      new Map(
        (m[1] ?? '')
          .split('\r\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)] as const),
      ),
  );
  return { res, text, list, uids: list.map((e) => e.get('UID')) };
}

/** Registers the tests; `fixture()` is the shared app and server (see web.test.ts). */
export function calendarTests(fixture: () => WebFixture): void {
  describe('GET /calendar.ics', () => {
    beforeAll(() => {
      f = fixture();
    });

    it('has one event per open blocker and unfinished roadmap item with a deadline, with stable UIDs', async () => {
      const { res, text, uids, list } = await events();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
      // B-4 is resolved; B-6 and B-7 (hotline, untriaged) have no deadline.
      expect(uids.sort()).toEqual([
        'B-1@steerbot',
        'B-2@steerbot',
        'B-3@steerbot',
        'B-5@steerbot',
        'R-1@steerbot',
      ]);
      const b1 = list.find((e) => e.get('UID') === 'B-1@steerbot');
      expect(b1?.get('DTSTART')).toBe('20260320T023000Z'); // 20/03/2026 09:30 in Hanoi
      expect(b1?.get('SUMMARY')).toBe('B-1 · MOF: <script>alert("x")</script> Data & exchange');
      expect(list.find((e) => e.get('UID') === 'R-1@steerbot')?.get('DTSTART')).toBe('20260510T100000Z');
      expect(list.find((e) => e.get('UID') === 'B-2@steerbot')?.get('DESCRIPTION')).toBe(
        'Owner: MOF · Ana. Status: open.',
      );
    });

    it('keeps the same UIDs on the next fetch, moves an event when its deadline moves, drops resolved ones', async () => {
      await f.run('/blocker due B-3 "2026-04-15 08:00" moved by the board');
      await f.run('/blocker resolve B-5 scanned');
      const { uids, list } = await events();
      expect(uids.sort()).toEqual(['B-1@steerbot', 'B-2@steerbot', 'B-3@steerbot', 'R-1@steerbot']);
      const b3 = list.find((e) => e.get('UID') === 'B-3@steerbot');
      expect(b3?.get('DTSTART')).toBe('20260415T010000Z');
      expect(b3?.get('SEQUENCE')).toBe('1');
    });

    it('filters by unit, in Vietnamese on request, and refuses a bad unit', async () => {
      expect((await events('?unit=MOF')).uids.sort()).toEqual([
        'B-1@steerbot',
        'B-2@steerbot',
        'R-1@steerbot',
      ]);
      expect((await events('?unit=HCM&lang=vi')).list[0]?.get('DESCRIPTION')).toBe(
        'Chủ trì: HCM. Trạng thái: đang mở.',
      );
      const bad = await events('?unit=NOPE');
      expect(bad.res.status).toBe(400);
      expect(bad.text).toBe('unknown unit NOPE.\n');
    });
  });
}
