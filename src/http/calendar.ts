/** `GET /calendar.ics`: the deadlines of open blockers and unfinished roadmap items, to subscribe to. */
import ical from 'ical-generator';
import type { Services } from '../services/index.ts';
import type { PublicView } from '../services/public-view.ts';
import type { WebQuery } from './web-query.ts';

/** The domain of every event UID (`B-12@steerbot`): stable, so calendar apps update, not duplicate. */
export const UID_DOMAIN = 'steerbot';

/**
 * One timed event per deadline, at the deadline instant (UTC in the file; apps show local time).
 * Resolved and dropped blockers and done roadmap items are left out, so they drop off subscribed
 * calendars on the next refresh.
 */
export async function deadlinesCalendar(
  deps: { services: Services; view: PublicView },
  q: WebQuery,
  now: Date,
): Promise<string> {
  const t = q.t;
  const [blockers, roadmap] = await Promise.all([
    deps.view.blockers({ unit: q.unit, block: q.block, statuses: ['new', 'open', 'in_progress'] }),
    deps.view.roadmap({ unit: q.unit?.code, block: q.block ?? undefined }),
  ]);
  const cal = ical({
    name: t('web.calendar_name'),
    prodId: { company: 'steerbot', product: 'steerbot', language: q.lang.toUpperCase() },
    ttl: 3600,
  });
  for (const b of blockers) {
    if (!b.deadline) continue;
    const owner = [b.ownerUnit?.code, b.ownerPerson].filter(Boolean).join(' · ') || '—';
    cal.createEvent({
      id: `${b.ref}@${UID_DOMAIN}`,
      start: b.deadline,
      end: b.deadline,
      stamp: now,
      lastModified: b.updatedAt,
      sequence: b.slipCount,
      summary: `${b.ref} · ${b.ownerUnit?.code ?? '—'}: ${b.title}`,
      description: t('web.event_description', { owner, status: t(`status.${b.status}`) }),
    });
  }
  for (const v of roadmap) {
    if (v.status === 'done') continue;
    const ref = `R-${v.item.id}`;
    cal.createEvent({
      id: `${ref}@${UID_DOMAIN}`,
      start: v.item.due,
      end: v.item.due,
      stamp: now,
      lastModified: v.latest?.at ?? v.item.createdAt,
      summary: `${ref} · ${v.unit.code}: ${v.item.title}`,
      description: t('web.event_description', { owner: v.unit.code, status: t(`rstatus.${v.status}`) }),
    });
  }
  return cal.toString();
}
