/**
 * `/wg digest on|off` and the digest itself: at REMINDER_TIME on the person's working days, one
 * private message with only what needs them — their items due today, the day-sized reminders that
 * would go to them today, overdue items of theirs and of the units they lead, extension requests
 * waiting for them (admins), join requests waiting (as `/unit approve` allows: the unit's lead,
 * admins). It goes once per person and day (the sent-ledger), through the outbox like every notice,
 * and it records which reminders and nags it carried, so those do not also go out one by one.
 */
import { formatDate, formatDateTime } from '../dates.ts';
import { carriedKey, digestKey, isDaySized, overdueKey, reminderKey } from '../domain/digest.ts';
import type { Notice, NoticeLine } from '../domain/notice.ts';
import { planReminders } from '../domain/reminder-plan.ts';
import { daysOverdue } from '../domain/vocabulary.ts';
import { atLocalTime, isWorkingDay, localDate, type WorkingDays } from '../domain/working-days.ts';
import { digestRepo } from '../store/digest-repo.ts';
import { ledgerRepo } from '../store/ledger-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import type { CalendarService } from './calendar.ts';
import { type Actor, afterCommit, change, later, record, Service, type ServiceDeps } from './deps.ts';
import type { DueItem, DueItemsService } from './due-items.ts';
import type { ExtensionsService } from './extensions.ts';
import { handleOf } from './unit-join.ts';

/** How many lines one section shows before "and N more". */
const SECTION_LINES = 10;

const SECTIONS = ['due_today', 'coming', 'overdue', 'extensions', 'joins'] as const;
type Section = (typeof SECTIONS)[number];

/** One person's digest: its lines per section and the keys of the messages it carries. */
interface Content {
  sections: Record<Section, NoticeLine[]>;
  carried: string[];
}

export type DigestResult = 'sent' | 'empty' | 'already' | 'off' | 'day off';

export class DigestService extends Service {
  constructor(
    deps: ServiceDeps,
    private readonly due: DueItemsService,
    private readonly extensions: ExtensionsService,
    private readonly calendar: CalendarService,
  ) {
    super(deps);
  }

  /** The working-day rule the digest follows: the working calendar's. */
  private async workingDay(at: Date, tz: string): Promise<boolean> {
    return isWorkingDay(at, tz, await this.calendar.get());
  }

  /** `/wg digest on|off` for the actor; false when it already was so. */
  async set(actor: Actor, on: boolean): Promise<boolean> {
    const now = this.deps.clock.now();
    return change(this.deps, actor, async (tx) => {
      const was = (await digestRepo.settingOf(tx, actor.person.id))?.digest ?? false;
      if (was === on) return false;
      await digestRepo.setDigest(tx, actor.person.id, on);
      await record(tx, actor, now, {
        entityType: 'person',
        entityId: String(actor.person.id),
        action: 'settings',
        changes: { digest: { from: was, to: on } },
      });
      return true;
    });
  }

  /** The time zones the digest schedulers run in: TZ_DEFAULT and every subscriber's own. */
  async zones(): Promise<string[]> {
    const fallback = this.deps.config.TZ_DEFAULT;
    const subs = await digestRepo.subscribers(this.db);
    return [...new Set([fallback, ...subs.map((s) => s.tz ?? fallback)])];
  }

  /** The subscribers whose digest time is REMINDER_TIME in `tz`. */
  async subscribersIn(tz: string): Promise<number[]> {
    const fallback = this.deps.config.TZ_DEFAULT;
    return (await digestRepo.subscribers(this.db)).filter((s) => (s.tz ?? fallback) === tz).map((s) => s.id);
  }

  /** Sends `personId`'s digest for their local today, unless it went already or has nothing to say. */
  async send(personId: number): Promise<DigestResult> {
    const setting = await digestRepo.settingOf(this.db, personId);
    if (!setting?.digest) return 'off';
    const now = this.deps.clock.now();
    const tz = setting.tz ?? this.deps.config.TZ_DEFAULT;
    if (!(await this.workingDay(now, tz))) return 'day off';
    const day = localDate(now, tz);
    const key = digestKey(personId, day);
    if (await ledgerRepo.wasSent(this.db, key)) return 'already';
    const content = await this.content(personId, now, tz);
    const lines = SECTIONS.flatMap((s) => sectionLines(s, content.sections[s]));
    if (lines.length === 0) return 'empty';
    const notice: Notice = { kind: 'notice.digest', params: { date: formatDate(now, tz) }, lines };
    const sent = await change(this.deps, null, async (tx) => {
      if (!(await ledgerRepo.markSent(tx, key, now))) return false;
      for (const k of content.carried) await ledgerRepo.markSent(tx, carriedKey(k), now);
      await later(tx, now, { kind: 'to_person', personId, notice, key });
      return true;
    });
    if (!sent) return 'already';
    await afterCommit(this.deps);
    return 'sent';
  }

  /**
   * Whether the digest carries the message `key` to `personId` (so it must not go alone): for a
   * person with the digest on whose digest time has come today, today's digest is sent first if it
   * has not gone yet, then the ledger says whether it carried `key`. False for everyone else.
   */
  async carries(personId: number, key: string): Promise<boolean> {
    const setting = await digestRepo.settingOf(this.db, personId);
    if (!setting?.digest) return false;
    const now = this.deps.clock.now();
    const tz = setting.tz ?? this.deps.config.TZ_DEFAULT;
    const at = atLocalTime(localDate(now, tz), this.deps.config.REMINDER_TIME, tz);
    if (now < at || !(await this.workingDay(now, tz))) return false;
    await this.send(personId);
    return ledgerRepo.wasSent(this.db, carriedKey(key));
  }

  /** What needs `personId` today. */
  private async content(personId: number, now: Date, tz: string): Promise<Content> {
    const sections: Content['sections'] = {
      due_today: [],
      coming: [],
      overdue: [],
      extensions: [],
      joins: [],
    };
    const carried: string[] = [];
    const calendar = await this.calendar.get();
    for (const ref of await digestRepo.involving(this.db, personId)) {
      const item = await this.due.load(ref);
      if (!item?.open || !item.deadline) continue;
      await this.itemLines(personId, item, { now, tz, calendar }, { sections, carried });
    }
    const person = await personsRepo.byId(this.db, personId);
    if (person?.role === 'admin') {
      const actor: Actor = { person, platform: 'console', leadOf: await unitsRepo.ledBy(this.db, personId) };
      for (const x of await this.extensions.list(actor))
        sections.extensions.push({
          kind: 'digest.line.extension',
          params: {
            id: `X-${x.id}`,
            target: `${x.targetType === 'blocker' ? 'B' : 'R'}-${x.targetId}`,
            old: x.oldDate ? formatDate(x.oldDate, tz) : '—',
            new: formatDate(x.newDate, tz),
          },
        });
    }
    const joins = await digestRepo.pendingJoins(this.db, person?.role === 'admin' ? null : personId);
    const who = await personsRepo.byIds(this.db, [...new Set(joins.map((j) => j.personId))]);
    for (const j of joins) {
      const p = who.get(j.personId);
      if (p)
        sections.joins.push({
          kind: 'digest.line.join',
          params: { person: p.name, unit: j.unit, handle: handleOf(p) },
        });
    }
    return { sections, carried };
  }

  /** The item's line (due today, coming due, or overdue) and the messages it stands for. */
  private async itemLines(
    personId: number,
    item: DueItem,
    at: { now: Date; tz: string; calendar: WorkingDays },
    out: Content,
  ) {
    const { now, tz, calendar } = at;
    const { config } = this.deps;
    const deadline = item.deadline as Date;
    const recipient = await this.due.recipientOf(item);
    const params = { id: item.label, title: item.title, date: formatDateTime(deadline, tz) };
    if (deadline < now) {
      const lead = await this.due.unitLeadOf(item.unitId);
      if (recipient !== personId && lead !== personId) return;
      out.sections.overdue.push({
        kind: 'digest.line.overdue',
        params: { ...params, days: daysOverdue(deadline, now, tz) },
      });
      const day = localDate(now, config.TZ_DEFAULT);
      out.carried.push(
        overdueKey(item.ref, deadline.getTime(), day),
        overdueKey(item.ref, deadline.getTime(), day, true),
      );
      return;
    }
    if (recipient !== personId) return;
    const today = localDate(now, tz);
    const todays = planReminders({
      deadline,
      offsets: config.REMINDER_OFFSETS,
      reminderTime: config.REMINDER_TIME,
      tz,
      calendar,
      now: atLocalTime(today, '00:00', tz),
    }).filter((p) => isDaySized(p.offset) && localDate(p.at, tz) === today);
    out.carried.push(...todays.map((p) => reminderKey(item.ref, p.offset, deadline.getTime())));
    if (localDate(deadline, tz) === today)
      out.sections.due_today.push({ kind: 'digest.line.due_today', params });
    else if (todays[0])
      out.sections.coming.push({ kind: 'digest.line.coming', params: { ...params, left: todays[0].offset } });
  }
}

/** A section's heading and its first lines, then "and N more"; nothing for an empty one. */
function sectionLines(section: Section, lines: NoticeLine[]): NoticeLine[] {
  if (lines.length === 0) return [];
  const more = lines.length - SECTION_LINES;
  return [
    { kind: `digest.section.${section}`, params: { count: lines.length } },
    ...lines.slice(0, SECTION_LINES),
    ...(more > 0 ? [{ kind: 'summary.and_more', params: { count: more } }] : []),
  ];
}

export const digestService = (
  deps: ServiceDeps,
  due: DueItemsService,
  extensions: ExtensionsService,
  calendar: CalendarService,
) => new DigestService(deps, due, extensions, calendar);
