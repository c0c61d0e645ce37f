import type { HomeView, KnownBlock } from '@slack/types';
import type { Reply, ReplySection } from '../../domain/reply.ts';
import { renderSlack } from '../../render/slack.ts';
import { chatOf, type SlackCtx } from './deliver.ts';

const note = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** One section of the page: a header, its items (with their buttons) or its empty line, a divider. */
function sectionBlocks(s: ReplySection, reply: Reply): KnownBlock[] {
  const head: KnownBlock = { type: 'header', text: { type: 'plain_text', text: s.title.slice(0, 150) } };
  if (s.items.length === 0) return [head, note(s.empty), { type: 'divider' }];
  const blocks = renderSlack({
    kind: 'info',
    visibility: 'ephemeral',
    items: s.items,
    labels: reply.labels,
  }).blocks;
  if (s.more) blocks.push(note(s.more));
  return [head, ...blocks, { type: 'divider' }];
}

/** A person's page (or the one-line refusal, when they may not read it) as a Home tab of at most 100 blocks. */
export function homeBlocks(reply: Reply): HomeView {
  const top = reply.kind === 'error' ? renderSlack(reply).blocks : [note(reply.title ?? '')];
  const sections = (reply.sections ?? []).flatMap((s) => sectionBlocks(s, reply));
  return { type: 'home', blocks: [...top, ...sections].slice(0, 100) };
}

/**
 * Publishes the App Home tab of Slack user `userId`: what the dispatcher's page of theirs holds
 * (their open items with the card buttons, this week's, their units' overdue ones).
 */
export async function publishHome(sc: SlackCtx, userId: string, dmChannel?: string): Promise<void> {
  const who = await sc.people.identity(userId, userId);
  const chat = chatOf({ user: userId, userName: userId, channel: dmChannel });
  const { reply } = await sc.dispatcher.home({ who, chat });
  await sc.client.views.publish({ user_id: userId, view: homeBlocks(reply) });
}
