import { randomBytes } from 'node:crypto';
import type { RespondArguments, webApi } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { ChatRef, Dispatcher, Incoming, Outcome } from '../../dispatch.ts';
import type { InboxClaim } from '../../domain/ports.ts';
import { type Reply, reply as replies } from '../../domain/reply.ts';
import type { Lang } from '../../domain/types.ts';
import { translator } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import { renderSlack, type SlackMessage } from '../../render/slack.ts';
import type { SlackPeople } from './people.ts';
import { slackErrorCode, uploadDocuments, uploadImages } from './sender.ts';
import { fromSlackText, USER_ID } from './text.ts';
import { addBlockerModal, type ModalMeta } from './views.ts';

/** What every Slack handler works with. */
export interface SlackCtx {
  dispatcher: Dispatcher;
  log: Logger;
  /** The bot's language, for what is said before a person's is known (a failure, a recovery). */
  lang: Lang;
  client: webApi.WebClient;
  people: SlackPeople;
  /** The bot's own user id (from auth.test), so its mention is not taken for a person. */
  botUserId: string | undefined;
}

export type Respond = (message: RespondArguments) => Promise<unknown>;

/** Where an answer goes: the acting user, the conversation, and a response_url when Slack gave one. */
export interface Where {
  user: string;
  /** Display name from the payload, used until `users.info` answers. */
  userName: string;
  channel?: string | undefined;
  respond?: Respond | undefined;
  /** The inbox row of the request being answered (from Bolt's context). */
  claim?: InboxClaim | undefined;
  /** Set when a form may be opened for the answer (a slash command, a shortcut: they have a trigger). */
  opening?: Opening | undefined;
}

/** What opening a form needs: Slack's trigger, and what the form is to carry and show. */
export interface Opening {
  trigger: string;
  meta: ModalMeta;
  prefill?: { title?: string | undefined; detail?: string | undefined };
}

/** Block id prefix on a list's page buttons, followed by the command line to run again. */
export const PAGER_PREFIX = 'pager|';
const BLOCK_ID_MAX = 255;

/** Errors that mean "the bot cannot post there": answer another way instead. */
const NO_ACCESS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);
const noAccess = (err: unknown): boolean => NO_ACCESS.has(slackErrorCode(err) ?? '');

/** A response_url (kept in a modal's private_metadata) as a respond function. */
export function respondTo(url: string | undefined): Respond | undefined {
  if (!url) return undefined;
  return async (message) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    return res;
  };
}

/** The conversation as the core's chat (direct when it is a DM or there is none). */
export function chatOf(where: Where): ChatRef {
  const id = where.channel ?? where.user;
  return { platform: 'slack', id, direct: !where.channel || where.channel.startsWith('D') };
}

/** What the dispatcher needs of a Slack request besides its text: who, where, its inbox row. */
export async function incomingOf(sc: SlackCtx, where: Where): Promise<Omit<Incoming, 'text'>> {
  const who = await sc.people.identity(where.user, where.userName);
  return { who, chat: chatOf(where), ...(where.claim ? { claim: where.claim } : {}) };
}

/**
 * Runs one command line for the acting user and answers it: the text is Slack-decoded, mentioned
 * users go along as people to know, the dispatcher runs it, and the reply goes out by {@link deliver}.
 */
export async function runCommand(
  sc: SlackCtx,
  where: Where,
  slackText: string,
  opts: { page?: number; replace?: boolean; replyTo?: Incoming['replyTo'] } = {},
): Promise<Outcome> {
  const [base, others] = await Promise.all([
    incomingOf(sc, where),
    sc.people.mentioned(slackText, sc.botUserId),
  ]);
  const text = fromSlackText(slackText);
  const out = await sc.dispatcher.handle({
    ...base,
    text,
    ...(others.length ? { others } : {}),
    ...(opts.page ? { page: opts.page } : {}),
    ...(opts.replyTo ? { replyTo: opts.replyTo } : {}),
  });
  await deliver(sc, where, out, { command: text, page: opts.page, replace: opts.replace });
  return out;
}

/** Names the person who acted under a reply the bot posts in their stead. */
function attributed(blocks: KnownBlock[], user: string, lang: Lang): KnownBlock[] {
  if (!USER_ID.test(user) || blocks.length >= 50) return blocks;
  const by = translator(lang)('slack.by', { user: `<@${user}>` });
  return [...blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: by }] }];
}

/** Marks a list's page buttons with the command that made it, so a click can run it again. */
function tagPager(blocks: KnownBlock[], command: string): void {
  const id = PAGER_PREFIX + command;
  if (id.length > BLOCK_ID_MAX) return;
  for (const b of blocks) {
    if (b.type === 'actions' && b.elements.some((e) => e.action_id?.startsWith('page.'))) b.block_id = id;
  }
}

/**
 * Answers where the team can see it (channel replies: the response_url in_channel, else
 * chat.postMessage, else a DM) or only to the user (ephemeral: response_url, else
 * chat.postEphemeral, else a DM). `replace` swaps the clicked message (a list's next page); a
 * reply asking for a form opens it when the request can (a slash command, a shortcut).
 */
export async function deliver(
  sc: SlackCtx,
  where: Where,
  out: Pick<Outcome, 'reply' | 'lang'>,
  opts: { command?: string | undefined; page?: number | undefined; replace?: boolean | undefined } = {},
): Promise<void> {
  if (out.reply.form && where.opening) return openForm(sc, where.opening, out.reply, out.lang);
  const msg = renderSlack(out.reply, { page: opts.page });
  if (opts.command) tagPager(msg.blocks, opts.command);
  if (opts.replace && where.respond) {
    await where.respond({ replace_original: true, text: msg.text, blocks: msg.blocks });
    return;
  }
  if (out.reply.visibility === 'channel') {
    await postVisible(sc, where, { ...msg, blocks: attributed(msg.blocks, where.user, out.lang) }, out);
  } else {
    await postPrivate(sc, where, msg);
  }
}

/** A reply that asks for a form, as the modal (the "Log a blocker" form and its unit list). */
async function openForm(sc: SlackCtx, opening: Opening, reply: Reply, lang: Lang): Promise<void> {
  if (reply.form?.name !== 'blocker.add') return;
  const view = addBlockerModal(translator(lang), reply.form.units, opening.meta, opening.prefill);
  await sc.client.views.open({ trigger_id: opening.trigger, view });
}

/**
 * A person's own visible answer goes at once by the response_url (in_channel: the whole channel
 * sees it), which Slack does not rate-limit per channel; chat.postMessage (about one a second in
 * a channel) is for when there is no response_url (a mention, a form without one) or it failed.
 * Where the bot cannot post, a direct message.
 */
async function postVisible(
  sc: SlackCtx,
  where: Where,
  msg: SlackMessage,
  out: Pick<Outcome, 'reply'>,
): Promise<void> {
  const { client, log } = sc;
  if (where.respond) {
    try {
      await where.respond({
        response_type: 'in_channel',
        replace_original: false,
        text: msg.text,
        blocks: msg.blocks,
      });
      if (where.channel) await attachFiles(sc, where.channel, out.reply);
      return;
    } catch (err) {
      log.warn({ err }, 'slack: response_url failed; posting the answer instead');
    }
  }
  if (where.channel) {
    try {
      const posted = await client.chat.postMessage({
        channel: where.channel,
        text: msg.text,
        blocks: msg.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      await attachFiles(sc, posted.channel ?? where.channel, out.reply);
      return;
    } catch (err) {
      if (!noAccess(err)) throw err;
      log.info({ channel: where.channel, error: slackErrorCode(err) }, 'slack: cannot post; sending a DM');
    }
  }
  await client.chat.postMessage({ channel: where.user, text: msg.text, blocks: msg.blocks });
}

/** A reply's chart and documents, uploaded into the channel after its message (a failure is logged). */
async function attachFiles(sc: SlackCtx, channel: string, reply: Reply): Promise<void> {
  const { client, log } = sc;
  if (reply.images?.length)
    await uploadImages(client, channel, reply.images).catch((err: unknown) =>
      log.error({ err, channel }, 'slack: chart not uploaded'),
    );
  if (reply.documents?.length)
    await uploadDocuments(client, channel, reply.documents).catch((err: unknown) =>
      log.error({ err, channel }, 'slack: document not uploaded'),
    );
}

async function postPrivate(sc: SlackCtx, where: Where, msg: SlackMessage): Promise<void> {
  const { client, log } = sc;
  if (where.respond) {
    try {
      await where.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: msg.text,
        blocks: msg.blocks,
      });
      return;
    } catch (err) {
      log.warn({ err }, 'slack: response_url failed; answering another way');
    }
  }
  if (where.channel) {
    try {
      await client.chat.postEphemeral({
        channel: where.channel,
        user: where.user,
        text: msg.text,
        blocks: msg.blocks,
      });
      return;
    } catch (err) {
      if (!noAccess(err) && slackErrorCode(err) !== 'user_not_in_channel') throw err;
    }
  }
  await client.chat.postMessage({ channel: where.user, text: msg.text, blocks: msg.blocks });
}

/**
 * Runs a handler's work after its ack: a failure is logged with a reference and the user is told
 * "something went wrong, reference …" (never a stack trace).
 */
export async function guarded(
  sc: SlackCtx,
  where: Where,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    const ref = randomBytes(4).toString('hex');
    sc.log.error({ err, ref, what, user: where.user, channel: where.channel }, 'slack: handler failed');
    const t = translator(sc.lang);
    await postPrivate(sc, where, renderSlack(replies.error(t('slack.failed', { ref })))).catch(
      (again: unknown) => sc.log.error({ err: again, ref }, 'slack: could not report the failure'),
    );
  }
}
