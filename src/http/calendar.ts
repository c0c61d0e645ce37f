/** `GET /calendar.ics`: the deadlines of open blockers and unfinished roadmap items, to subscribe to. */

import ical, { foldLines, type ICalCalendarData, type ICalEventData } from 'ical-generator';
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

/**
 * The calendar file in pieces: the header, the events of each batch of `batchSize` blockers, the
 * roadmap items' events, the footer. Joined, the pieces are exactly `toString()` of one calendar
 * holding every event: ical-generator folds each line on its own (`foldLines`), and every piece
 * ends at a line break. Resolved and dropped blockers and done roadmap items are left out, so
 * they drop off subscribed calendars on the next refresh.
 */
export async function* deadlinesCalendar(
  deps: { services: Services; view: PublicView },
  q: WebQuery,
  now: Date,
  batchSize = BATCH_SIZE,
): AsyncGenerator<string> {
  const t = q.t;
  const roadmap = deps.view.roadmap({ unit: q.unit?.code, block: q.block ?? undefined });
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
    return foldLines(text);
  };
  const filter = { unit: q.unit, block: q.block, statuses: OPEN_STATUSES, dated: true };
  for await (const batch of deps.view.batches(filter, batchSize))
    yield piece(
      batch.flatMap((b) => (b.deadline ? [blockerEvent(t, { ...b, deadline: b.deadline }, now)] : [])),
    );
  yield piece((await roadmap).filter((v) => v.status !== 'done').map((v) => roadmapEvent(t, v, now)));
  yield FOOTER;
}
