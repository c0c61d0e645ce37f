import { startOfWeek } from '../src/dates.ts';
import type { BlockerRecord } from '../src/domain/records.ts';
import { type Reply, type ReplySection, reply } from '../src/domain/reply.ts';
import { blockerItem, type Look } from '../src/present/format.ts';
import { makeLook } from './support.ts';
import type { CommandContext } from './types.ts';

/** Items per section: a page (the Slack Home tab) holds at most 100 blocks. */
export const HOME_PER_SECTION = 8;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** What a person's page shows: their open items, what is due this week, their units' overdue ones. */
export interface HomeLists {
  mine: BlockerRecord[];
  week: BlockerRecord[];
  unitOverdue: BlockerRecord[];
  /** Codes of the units the person is in or leads. */
  unitCodes: string[];
}

/**
 * The three lists of a person's page: their open items; the open items due this week (Monday to
 * Sunday in their zone) from now on; the overdue items owned by a unit they are in or lead. A
 * list the person may not read is refused as the command would be (the error is the answer).
 */
export async function homeLists(ctx: CommandContext): Promise<HomeLists> {
  const { actor, now, tz } = ctx;
  const q = ctx.services.queries;
  const [mine, open, overdue, units] = await Promise.all([
    q.list(actor, { scope: 'mine' }),
    q.list(actor, { scope: 'open' }),
    q.list(actor, { scope: 'overdue' }),
    ctx.services.units.list(),
  ]);
  const weekEnd = startOfWeek(now, tz).getTime() + WEEK_MS;
  const week = open.filter((b) => b.deadline && b.deadline >= now && b.deadline.getTime() < weekEnd);
  const myUnits = new Set([actor.person.unitId, ...actor.leadOf].filter((id): id is number => id !== null));
  const unitOverdue = overdue.filter((b) => b.ownerUnitId !== null && myUnits.has(b.ownerUnitId));
  const unitCodes = units.filter((u) => myUnits.has(u.id)).map((u) => u.code);
  return { mine, week, unitOverdue, unitCodes };
}

function section(look: Look, title: string, records: BlockerRecord[], empty: string, buttons = false) {
  const more = records.length - HOME_PER_SECTION;
  return {
    title: `${title} (${records.length})`,
    items: records.slice(0, HOME_PER_SECTION).map((b) => blockerItem(look, b, buttons)),
    empty,
    ...(more > 0 ? { more: look.t('slack.home.more', { count: more }) } : {}),
  } satisfies ReplySection;
}

/** A person's page (the Slack Home tab) as a reply of three sections; their own items carry buttons. */
export async function homePage(ctx: CommandContext): Promise<Reply> {
  const { t } = ctx;
  const { mine, week, unitOverdue, unitCodes } = await homeLists(ctx);
  const look = await makeLook(
    ctx,
    [...mine, ...week, ...unitOverdue].map((b) => b.ownerPersonId),
  );
  const unitTitle = t('slack.home.unit_overdue', { unit: unitCodes.join(', ') || '—' });
  return reply.info(t('slack.home.hint'), {
    sections: [
      section(look, t('slack.home.mine'), mine, t('slack.home.empty'), true),
      section(look, t('slack.home.week'), week, t('slack.home.empty')),
      section(
        look,
        unitTitle,
        unitOverdue,
        t(unitCodes.length > 0 ? 'slack.home.empty' : 'slack.home.no_unit'),
      ),
    ],
  });
}
