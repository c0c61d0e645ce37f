import type { BlockerAddInput } from '../../../commands/blocker-add.ts';
import { cleanTitle } from '../../args.ts';
import { parseDate } from '../../dates.ts';
import type { TypedCall } from '../../dispatch.ts';
import { isUserError } from '../../domain/errors.ts';
import { TITLE_MAX } from '../../domain/limits.ts';
import type { Clock } from '../../domain/ports.ts';
import { CATEGORIES, type Category, parseRecordId } from '../../domain/types.ts';
import type { Translate } from '../../i18n/index.ts';

/**
 * The short guided conversations of the Telegram adapter, as a small state machine (no plugin):
 * `/blocker add` with no text (title → owner unit → deadline → category), and the questions a
 * button asks before it can act (the new date of "Request extension", the reason of "Reject").
 * Each answer is validated here with a clear message; the finished answers go to the command's
 * executor as typed values through the dispatcher (no command line is rebuilt, so a title keeps
 * every quote it has), and permissions are checked there.
 */

/** What the bot is waiting for from one person in one chat. */
export type Draft =
  | {
      kind: 'add';
      step: 'title' | 'owner' | 'due' | 'category';
      title?: string;
      /** The owner unit's code. */
      owner?: string;
      /** The deadline, as an ISO time. */
      due?: string;
      /** The message `/blocker add` replied to: the blocker's detail. */
      replyTo?: { text: string; link?: string };
    }
  | { kind: 'extend'; id: string }
  | { kind: 'reject'; id: string };

/** Where a conversation lives: one person in one chat. */
export const draftKey = (chatId: number | string, userId: number | string): string => `${chatId}:${userId}`;

const TTL_MS = 15 * 60 * 1000;
const MAX_DRAFTS = 10_000;

/**
 * Open conversations, in memory with a time-to-live (15 minutes of silence ends one). Nothing
 * is recorded until the last answer, so a restart loses only the question in progress.
 */
export class Drafts {
  private readonly map = new Map<string, { draft: Draft; at: number }>();
  constructor(private readonly clock: Clock) {}

  get(key: string): Draft | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (this.clock.now().getTime() - hit.at > TTL_MS) {
      this.map.delete(key);
      return undefined;
    }
    return hit.draft;
  }

  set(key: string, draft: Draft): void {
    this.map.delete(key);
    if (this.map.size >= MAX_DRAFTS) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { draft, at: this.clock.now().getTime() });
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }
}

/** What to ask: a question answered by typing, or the category buttons. */
export type Prompt = { text: string; categories?: true };

/** The outcome of one answer. */
export type Step =
  | { next: Draft; prompt: Prompt }
  | { retry: string }
  | { submit: TypedCall; replyTo?: { text: string; link?: string } };

/** What validating an answer needs: words, the person's zone and clock, and a unit lookup. */
export interface StepEnv {
  t: Translate;
  tz: string;
  now: Date;
  /** The unit named by code or name; throws the core's `unit.unknown` UserError otherwise. */
  unit(name: string): Promise<{ code: string }>;
}

/** The first question of a conversation. */
export function firstPrompt(t: Translate, draft: Draft): Prompt {
  if (draft.kind === 'extend') return { text: t('telegram.extend.ask', { id: draft.id }) };
  if (draft.kind === 'reject') return { text: t('telegram.reject.ask', { id: draft.id }) };
  return promptFor(t, draft.step);
}

function promptFor(t: Translate, step: Extract<Draft, { kind: 'add' }>['step']): Prompt {
  if (step === 'category') return { text: t('telegram.add.category'), categories: true };
  return { text: t(`telegram.add.${step}`) };
}

/** The category buttons: `cat|<category>` with the category's name in the chat's language. */
export function categoryKeyboard(t: Translate): { text: string; callback_data: string }[][] {
  const keys = CATEGORIES.map((c) => ({ text: t(`category.${c}`), callback_data: `cat|${c}` }));
  const rows: { text: string; callback_data: string }[][] = [];
  for (let i = 0; i < keys.length; i += 2) rows.push(keys.slice(i, i + 2));
  return rows;
}

/** A typed category: its code (`data_strategy`), its name in this language, or its number. */
export function readCategory(t: Translate, text: string): Category | undefined {
  const v = text.trim().toLowerCase();
  const n = Number(v);
  if (Number.isInteger(n) && n >= 1 && n <= CATEGORIES.length) return CATEGORIES[n - 1];
  return CATEGORIES.find((c) => c === v.replace(/\s+/g, '_') || t(`category.${c}`).toLowerCase() === v);
}

const skip = (text: string) => /^[-–—]$/.test(text.trim());
const errorLine = (t: Translate, err: unknown): string => {
  if (!isUserError(err)) throw err;
  return t('telegram.try_again', { error: `${t('error.title')}: ${t(err.code, err.params)}` });
};

/** The typed call a finished `add` draft stands for. */
export function addCall(d: Extract<Draft, { kind: 'add' }>, category: Category): TypedCall {
  const input: BlockerAddInput = {
    title: d.title ?? '',
    detail: null,
    owner: d.owner ?? null,
    to: null,
    due: d.due ? new Date(d.due) : null,
    cat: category,
    prio: 'normal',
    from: null,
  };
  return { command: 'blocker', sub: 'add', input };
}

/** Applies one typed answer (or a pressed category) to a draft. */
export async function answer(draft: Draft, text: string, env: StepEnv): Promise<Step> {
  const { t } = env;
  const value = text.trim();
  if (value === '' || value.startsWith('/')) return { retry: t('telegram.add.need_text') };
  // The new date and reason are read by `/blocker due`'s own parser, as if typed after the id.
  if (draft.kind === 'extend')
    return { submit: { command: 'blocker', sub: 'due', text: `${draft.id} ${value}` } };
  if (draft.kind === 'reject') {
    const id = parseRecordId('X', draft.id);
    if (id === null) return { retry: t('telegram.expired') };
    return { submit: { command: 'extension', sub: 'reject', input: { id, note: value } } };
  }
  switch (draft.step) {
    case 'title': {
      const title = cleanTitle(value);
      if (title.length > TITLE_MAX)
        return { retry: t('telegram.add.title_too_long', { length: title.length, max: TITLE_MAX }) };
      return { next: { ...draft, title, step: 'owner' }, prompt: promptFor(t, 'owner') };
    }
    case 'owner': {
      if (skip(value)) return { next: { ...draft, step: 'due' }, prompt: promptFor(t, 'due') };
      try {
        const { code } = await env.unit(value);
        return { next: { ...draft, owner: code, step: 'due' }, prompt: promptFor(t, 'due') };
      } catch (err) {
        return { retry: errorLine(t, err) };
      }
    }
    case 'due': {
      if (skip(value)) return { next: { ...draft, step: 'category' }, prompt: promptFor(t, 'category') };
      try {
        const due = parseDate(value, { now: env.now, tz: env.tz }).toISOString();
        return { next: { ...draft, due, step: 'category' }, prompt: promptFor(t, 'category') };
      } catch (err) {
        return { retry: errorLine(t, err) };
      }
    }
    case 'category': {
      const category = skip(value) ? 'other' : readCategory(t, value);
      if (!category)
        return {
          retry: t('telegram.add.bad_category', {
            choices: CATEGORIES.map((c) => t(`category.${c}`)).join(', '),
          }),
        };
      return { submit: addCall(draft, category), ...(draft.replyTo ? { replyTo: draft.replyTo } : {}) };
    }
  }
}
