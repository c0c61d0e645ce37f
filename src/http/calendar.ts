/** `GET /calendar.ics`: the deadlines of open blockers and unfinished roadmap items, to subscribe to. */

import ical, { type ICalCalendarData, type ICalEventData } from 'ical-generator';
import { OPEN_STATUSES } from '../domain/blocker-status.ts';
import type { Translate } from '../i18n/index.ts';
import type { Services } from '../services/index.ts';
import { BATCH_SIZE, type PublicBlocker, type PublicView } from '../services/public-view.ts';
import type { RoadmapView } from '../services/roadmap.ts';
import type { WebQuery } from './web-query.ts';

/** The domain of every event UID (`B-12@steerbot`): stable, so calendar apps update, not duplicate. */
export const UID_DOMAIN = 'steerbot';

/** The calendar's own properties, in the language of `q`. */
export const calendarOptions = (q: WebQuery): ICalCalendarData => ({
  name: q.t('web.calendar_name'),
  prodId: { company: 'steerbot', product: 'steerbot', language: q.lang.toUpperCase() },
  ttl: 3600,
});

/** A blocker's deadline as a timed event at the deadline instant (UTC in the file; apps show local time). */
export function blockerEvent(t: Translate, b: PublicBlocker & { deadline: Date }, now: Date): ICalEventData {
  const owner = [b.ownerUnit?.code, b.ownerPerson].filter(Boolean).join(' · ') || '—';
  return {
    id: `${b.ref}@${UID_DOMAIN}`,
    start: b.deadline,
    end: b.deadline,
    stamp: now,
    lastModified: b.updatedAt,
    sequence: b.slipCount,
    summary: `${b.ref} · ${b.ownerUnit?.code ?? '—'}: ${b.title}`,
    description: t('web.event_description', { owner, status: t(`status.${b.status}`) }),
  };
}

/** A roadmap item's due date as a timed event. */
export function roadmapEvent(t: Translate, v: RoadmapView, now: Date): ICalEventData {
  const ref = `R-${v.item.id}`;
  return {
    id: `${ref}@${UID_DOMAIN}`,
    start: v.item.due,
    end: v.item.due,
    stamp: now,
    lastModified: v.latest?.at ?? v.item.createdAt,
    summary: `${ref} · ${v.unit.code}: ${v.item.title}`,
    description: t('web.event_description', { owner: v.unit.code, status: t(`rstatus.${v.status}`) }),
  };
}

const FOOTER = 'END:VCALENDAR';

const encoder = new TextEncoder();
/** UTF-8 length of one character as ical-generator's `foldLines` measures it. */
function utf8Length(ch: string): number {
  const c = ch.charCodeAt(0);
  if (ch.length === 1) return c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // a lone surrogate is U+FFFD: 3
  const low = ch.charCodeAt(1);
  if (c >= 0xd800 && c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) return 4;
  return encoder.encode(ch).length; // a broken pair: whatever the encoder makes of it
}

/**
 * ical-generator's `foldLines` (RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and
 * a space), character for character, without its new `TextEncoder` per character (at 20,000
 * events that was most of the calendar's time). test/http/public-read.test.ts holds the streamed
 * file equal to the library's own `toString()`.
 */
export function foldIcsLines(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      let out = '';
      let n = 0;
      for (let r = 0; r < line.length; r++) {
        let ch = line.charAt(r);
        if (ch >= '\ud800' && ch <= '\udbff') ch += line.charAt(++r);
        const len = utf8Length(ch);
        n += len;
        if (n > 74) {
          out += '\r\n ';
          n = len;
        }
        out += ch;
      }
      return out;
    })
    .join('\r\n');
}

/**
 * The calendar file in pieces, all read in one snapshot (`PublicView.snapshot`): the header, the events of each batch of `batchSize` blockers, the
 * roadmap items' events, the footer. Joined, the pieces are exactly `toString()` of one calendar
 * holding every event: ical-generator folds each line on its own (`foldLines`), and every piece
 * ends at a line break. Resolved and dropped blockers and done roadmap items are left out, so
 * they drop off subscribed calendars on the next refresh.
 */
export function deadlinesCalendar(
  deps: { services: Services; view: PublicView },
  q: WebQuery,
  now: Date,
  batchSize = BATCH_SIZE,
): AsyncGenerator<string> {
  return deps.view.snapshot((view) => calendarPieces(view, q, now, batchSize));
}

async function* calendarPieces(
  view: PublicView,
  q: WebQuery,
  now: Date,
  batchSize: number,
): AsyncGenerator<string> {
  const t = q.t;
  const roadmap = view.roadmap({ unit: q.unit?.code, block: q.block ?? undefined });
  // Keep a failure of the roadmap for the await below, not as an unhandled rejection meanwhile.
  roadmap.catch(() => {});
  const cal = ical(calendarOptions(q));
  const empty = cal.toString();
  if (!empty.endsWith(FOOTER)) throw new Error('ical-generator: a calendar no longer ends with its footer');
  yield empty.slice(0, -FOOTER.length);
  /** The events' text, folded as the calendar folds it; the calendar is left empty again. */
  const piece = (events: ICalEventData[]): string => {
    const text = events.map((e) => cal.createEvent(e).toString()).join('');
    cal.clear();
    return foldIcsLines(text);
  };
  const filter = { unit: q.unit, block: q.block, statuses: OPEN_STATUSES, dated: true };
  for await (const batch of view.batches(filter, batchSize))
    yield piece(
      batch.flatMap((b) => (b.deadline ? [blockerEvent(t, { ...b, deadline: b.deadline }, now)] : [])),
    );
  yield piece((await roadmap).filter((v) => v.status !== 'done').map((v) => roadmapEvent(t, v, now)));
  yield FOOTER;
}
