import type {
  ActionsBlock,
  ContextBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
  Button as SlackButton,
} from '@slack/types';
import {
  type Button,
  type Field,
  type ListItem,
  PAGE_SIZE,
  pageLabel,
  type Reply,
  type ReplyTable,
} from '../domain/reply.ts';
import { escapeWithin, replyPage } from './buttons.ts';

/** Items shown per Slack message; longer lists get `page.prev` / `page.next` buttons. */
export const SLACK_PAGE_SIZE = PAGE_SIZE;

/** Block Kit limits (https://docs.slack.dev/reference/block-kit). */
const MAX_BLOCKS = 50;
const SECTION_TEXT = 3000;
const CONTEXT_TEXT = 2000;
const FIELD_TEXT = 2000;
const SECTION_FIELDS = 10;
const BUTTON_TEXT = 75;
const BUTTON_VALUE = 2000;
const ACTIONS_ELEMENTS = 25;
const FALLBACK_TEXT = 3000;

/** The result of {@link renderSlack}: the body of `chat.postMessage` / a slash-command response. */
export interface SlackMessage {
  /** Notification fallback (mrkdwn, escaped). */
  text: string;
  blocks: KnownBlock[];
  response_type: 'in_channel' | 'ephemeral';
}

/**
 * Escapes Slack's control characters so that text typed by a user (`<!channel>`, `<@U123>`,
 * `<http://x|y>`) is shown as typed and never parsed as a mention or link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (raw: string, max: number): string => escapeWithin(raw, max, escapeMrkdwn);
const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text });
const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): ContextBlock => ({ type: 'context', elements: [mrkdwn(text)] });

function slackButton(button: Button, actionId: string): SlackButton {
  if (button.value.length > BUTTON_VALUE) {
    throw new Error(`Slack button value for ${button.action} exceeds ${BUTTON_VALUE} characters`);
  }
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: escapeWithin(button.label, BUTTON_TEXT, (s) => s), emoji: true },
    value: button.value,
    ...(button.style ? { style: button.style } : {}),
  };
}

/**
 * Buttons as actions blocks of at most 25 elements. `action_id` is the button's action; a repeat
 * of an action within one block gets `:<index in block>` appended to stay unique.
 */
function actionsBlocks(buttons: readonly Button[]): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  for (let start = 0; start < buttons.length; start += ACTIONS_ELEMENTS) {
    const seen = new Set<string>();
    const elements = buttons.slice(start, start + ACTIONS_ELEMENTS).map((button, index) => {
      const id = seen.has(button.action) ? `${button.action}:${index}` : button.action;
      seen.add(button.action);
      return slackButton(button, id);
    });
    blocks.push({ type: 'actions', elements });
  }
  return blocks;
}

/** Paragraphs packed into as few sections as fit in 3000 characters each. */
function lineBlocks(lines: readonly string[]): SectionBlock[] {
  const texts: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    const text = clip(line, SECTION_TEXT);
    if (current !== undefined && current.length + 1 + text.length <= SECTION_TEXT) {
      current += `\n${text}`;
    } else {
      if (current !== undefined) texts.push(current);
      current = text;
    }
  }
  if (current !== undefined) texts.push(current);
  return texts.filter((t) => t.trim() !== '').map(section);
}

/** A field value; a moment becomes Slack date formatting, shown in the reader's own time zone. */
function fieldText(field: Field): string {
  const label = `*${clip(field.label, 200)}*\n`;
  const ms = field.at ? Date.parse(field.at) : Number.NaN;
  if (Number.isFinite(ms)) {
    const date = `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${escapeMrkdwn(field.value)}>`;
    if (label.length + date.length <= FIELD_TEXT) return label + date;
  }
  return label + clip(field.value, FIELD_TEXT - label.length);
}

function fieldBlocks(fields: readonly Field[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SECTION_FIELDS) {
    blocks.push({
      type: 'section',
      fields: fields.slice(start, start + SECTION_FIELDS).map((f) => mrkdwn(fieldText(f))),
    });
  }
  return blocks;
}

/**
 * A figures table as section fields (two columns on a desktop, one on a phone): each row is a field
 * with its name in bold and `head value` pairs; group rows (blocks) start a new section.
 */
function tableBlocks(table: ReplyTable): KnownBlock[] {
  const fields: Field[] = table.rows.map((r) => ({
    label: r.strong ? (r.cells[0]?.toUpperCase() ?? '') : (r.cells[0] ?? ''),
    value: r.cells
      .slice(1)
      .map((c, i) => `${(table.longHead ?? table.head)[i + 1] ?? ''} ${c}`)
      .join(' · '),
  }));
  const blocks: KnownBlock[] = fieldBlocks(fields);
  if (table.legend && !table.longHead) blocks.push(context(clip(table.legend, CONTEXT_TEXT)));
  return blocks;
}

/** One item: a section (bold id, text), its detail in a context, its buttons in an actions block. */
function itemBlocks(item: ListItem): KnownBlock[] {
  const id = item.id ? `*${clip(item.id, 100)}*  ` : '';
  const text = id + clip(item.text, SECTION_TEXT - id.length);
  const blocks: KnownBlock[] = [section(text.trim() === '' ? '—' : text)];
  if (item.detail) blocks.push(context(clip(item.detail, CONTEXT_TEXT)));
  blocks.push(...actionsBlocks(item.buttons ?? []));
  return blocks;
}

function fallback(reply: Reply): string {
  const first = reply.fields?.[0];
  const head =
    reply.title ??
    reply.lines?.find((l) => l.trim() !== '') ??
    reply.items?.[0]?.text ??
    (first ? `${first.label}: ${first.value}` : '');
  return clip(
    reply.usage ? `${head}\n${reply.labels?.usage ?? 'Usage'}: ${reply.usage}` : head,
    FALLBACK_TEXT,
  );
}

/**
 * Renders a reply as Block Kit. Everything taken from the reply is escaped; texts are cut with `…`
 * to Block Kit's limits and the message never exceeds 50 blocks. Items past
 * {@link SLACK_PAGE_SIZE} are paginated: only page `opts.page` (1-based, clamped) is shown, with a
 * "Page n of m" context and `page.prev` / `page.next` buttons whose value is the target page
 * number, for the adapter to re-run the command with. A reply whose items are already one page
 * (`reply.paging`) is shown as it is, with the page line and buttons from `paging`. Images are
 * left to the adapter to upload.
 */
export function renderSlack(reply: Reply, opts: { page?: number } = {}): SlackMessage {
  const head: KnownBlock[] = [];
  if (reply.title) head.push(section(`*${clip(reply.title, SECTION_TEXT - 2)}*`));
  if (reply.usage)
    head.push(context(`${reply.labels?.usage ?? 'Usage'}: \`${clip(reply.usage, CONTEXT_TEXT - 30)}\``));

  const body: KnownBlock[] = [
    ...(reply.table ? tableBlocks(reply.table) : []),
    ...lineBlocks(reply.lines ?? []),
    ...fieldBlocks(reply.fields ?? []),
  ];
  const list = replyPage(reply, opts.page, SLACK_PAGE_SIZE);
  for (const item of list.items) body.push(...itemBlocks(item));

  const tail: KnownBlock[] = [];
  if (list.pages > 1) {
    tail.push(context(pageLabel(reply, list.page, list.pages)));
    const pager: Button[] = [];
    if (list.prev) pager.push({ label: 'Previous', action: 'page.prev', value: String(list.prev) });
    if (list.next) pager.push({ label: 'Next', action: 'page.next', value: String(list.next) });
    tail.push(...actionsBlocks(pager));
  }
  tail.push(...actionsBlocks(reply.buttons ?? []));

  const room = MAX_BLOCKS - head.length - tail.length;
  const shown = body.length > room ? [...body.slice(0, Math.max(0, room - 1)), context('…')] : body;
  return {
    text: fallback(reply),
    blocks: [...head, ...shown, ...tail].slice(0, MAX_BLOCKS),
    response_type: reply.visibility === 'ephemeral' ? 'ephemeral' : 'in_channel',
  };
}
