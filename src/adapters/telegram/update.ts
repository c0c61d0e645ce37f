import type { Bot } from 'grammy';
import type { Chat, Update, User } from 'grammy/types';
import type { Incoming, PlatformIdentity } from '../../dispatch.ts';
import type { InboxClaim } from '../deps.ts';
import { chatOf, whoOf } from './incoming.ts';

/** What the handlers of one update share: its inbox claim, the people it shows, whether it ran a command. */
export interface UpdateState {
  claim: InboxClaim | undefined;
  /** Everyone the update shows the bot (sender, replied-to, joined, mentioned): persons to know. */
  people: PlatformIdentity[];
  /** Whether a command or a question was handed to the dispatcher (which then met the people). */
  dispatched: boolean;
}

/** Updates whose inbox row was written before grammY got them (the webhook, a replay), with their claim. */
const claimed = new WeakMap<Update, InboxClaim>();
const states = new WeakMap<Update, UpdateState>();

/** Hands grammY an update already accepted by the inbox, with its claim. */
export function handleClaimed(bot: Bot, update: Update, claim: InboxClaim): Promise<void> {
  claimed.set(update, claim);
  return bot.handleUpdate(update);
}

/** The claim of an update accepted before grammY got it, if it was. */
export const claimOf = (update: Update): InboxClaim | undefined => claimed.get(update);

/** Every person an update shows the bot: the sender, whom they replied to, who joined, who was mentioned. */
export function peopleIn(update: Update): PlatformIdentity[] {
  const m = update.message;
  const users = [update.message?.from, update.callback_query?.from, m?.reply_to_message?.from];
  users.push(...(m?.new_chat_members ?? []));
  for (const e of m?.entities ?? []) if (e.type === 'text_mention') users.push(e.user);
  const seen = new Map<number, User>();
  for (const u of users) if (u && !u.is_bot) seen.set(u.id, u);
  return [...seen.values()].map(whoOf);
}

/** Starts the handling of an update: its state, read by the handlers through {@link stateOf}. */
export function begin(update: Update, claim: InboxClaim | undefined): UpdateState {
  const state: UpdateState = { claim, people: peopleIn(update), dispatched: false };
  states.set(update, state);
  return state;
}

export function stateOf(update: Update): UpdateState {
  return states.get(update) ?? begin(update, undefined);
}

/**
 * What the dispatcher needs of an update besides a command's text: the person acting, the chat,
 * the inbox claim, and the other people the update shows (made persons before the command runs).
 */
export function incomingFor(
  u: UpdateState,
  from: User,
  chat: Pick<Chat, 'id' | 'type'>,
): Omit<Incoming, 'text'> {
  u.dispatched = true;
  const who = whoOf(from);
  const others = u.people.filter((p) => p.id !== who.id);
  return {
    who,
    chat: chatOf(chat),
    ...(u.claim ? { claim: u.claim } : {}),
    ...(others.length ? { others } : {}),
  };
}
