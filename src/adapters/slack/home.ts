import type { HomeView, KnownBlock } from '@slack/types';
import { makeLook } from '../../../commands/support.ts';
import { startOfWeek } from '../../dates.ts';
import { isUserError } from '../../domain/errors.ts';
import type { BlockerRecord } from '../../domain/records.ts';
import { blockerItem } from '../../present/format.ts';
import { renderSlack } from '../../render/slack.ts';
import { chatOf, type SlackCtx } from './deliver.ts';

/** Items per Home section: a Home tab holds at most 100 blocks. */
const PER_SECTION = 8;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Publishes the App Home tab of Slack user `userId`: their open items (with the card buttons),
 * what is due this week (Monday to Sunday in their zone), and the overdue items of their unit(s).
 */
export async function publishHome(sc: SlackCtx, userId: string, dmChannel?: string): Promise<void> {
  await sc.client.views.publish({ user_id: userId, view: await homeView(sc, userId, dmChannel) });
}

export async function homeView(sc: SlackCtx, userId: string, dmChannel?: string): Promise<HomeView> {
  const who = await sc.people.identity(userId, userId);
  const ctx = await sc.app.dispatcher.contextFor({
    text: '',
    who,
    chat: chatOf({ user: userId, userName: userId, channel: dmChannel }),
  });
  const { t, actor, now, tz } = ctx;
  const q = sc.app.services.queries;
  const list = (scope: 'mine' | 'open' | 'overdue') =>
    q.list(actor, { scope }).catch((err: unknown) => {
      if (isUserError(err)) return [];
      throw err;
    });
  const [mine, open, overdue, units] = await Promise.all([
    list('mine'),
    list('open'),
    list('overdue'),
    sc.app.services.units.list(),
  ]);
  const weekEnd = startOfWeek(now, tz).getTime() + WEEK_MS;
  const week = open.filter((b) => b.deadline && b.deadline >= now && b.deadline.getTime() < weekEnd);
  const myUnits = new Set([actor.person.unitId, ...actor.leadOf].filter((id): id is number => id !== null));
  const unitOverdue = overdue.filter((b) => b.ownerUnitId !== null && myUnits.has(b.ownerUnitId));
  const look = await makeLook(
    ctx,
    [...mine, ...week, ...unitOverdue].map((b) => b.ownerPersonId),
  );

  const section = (title: string, records: BlockerRecord[], empty: string, buttons = false): KnownBlock[] => {
    const head: KnownBlock = { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } };
    const note = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
    if (records.length === 0) return [head, note(empty), { type: 'divider' }];
    const items = records.slice(0, PER_SECTION).map((b) => blockerItem(look, b, buttons));
    const blocks = renderSlack({ kind: 'info', visibility: 'ephemeral', items }).blocks;
    if (records.length > PER_SECTION)
      blocks.push(note(t('slack.home.more', { count: records.length - PER_SECTION })));
    return [head, ...blocks, { type: 'divider' }];
  };
  const unitCodes = units.filter((u) => myUnits.has(u.id)).map((u) => u.code);

  return {
    type: 'home',
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: t('slack.home.hint') }] },
      ...section(`${t('slack.home.mine')} (${mine.length})`, mine, t('slack.home.empty'), true),
      ...section(`${t('slack.home.week')} (${week.length})`, week, t('slack.home.empty')),
      ...section(
        `${t('slack.home.unit_overdue', { unit: unitCodes.join(', ') || '—' })} (${unitOverdue.length})`,
        unitOverdue,
        unitCodes.length > 0 ? t('slack.home.empty') : t('slack.home.no_unit'),
      ),
    ].slice(0, 100),
  };
}
