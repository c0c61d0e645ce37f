import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { TITLE_MAX } from '../../domain/limits.ts';
import type { FormUnit } from '../../domain/reply.ts';
import { CATEGORIES, PRIORITIES } from '../../domain/types.ts';
import type { Translate } from '../../i18n/index.ts';
import { escapeMrkdwn } from '../../render/slack.ts';
import { clipText } from './text.ts';

/** Callback ids of the modals, and the one action id every input in them uses. */
export const MODAL = { add: 'blocker_add', extend: 'blocker_extend', reject: 'extension_reject' } as const;
export const INPUT = 'v';

/** Where a modal was opened from, carried through Slack in `private_metadata`. */
export interface ModalMeta {
  /** The conversation to answer in. */
  channel?: string | undefined;
  /** The response_url of the slash command or click that opened it (answers where the bot is not a member). */
  responseUrl?: string | undefined;
  /** The record acted on (`B-3`, `X-2`). */
  record?: string | undefined;
  /** Link to the message a shortcut was used on. */
  link?: string | undefined;
}

export function encodeMeta(meta: ModalMeta): string {
  return JSON.stringify(meta);
}

/** Reads private_metadata back; anything unexpected is dropped. */
export function decodeMeta(raw: string | undefined): ModalMeta {
  try {
    const v: unknown = JSON.parse(raw || '{}');
    if (typeof v !== 'object' || v === null) return {};
    const o = v as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
    return {
      channel: str(o.channel),
      responseUrl: str(o.responseUrl),
      record: str(o.record),
      link: str(o.link),
    };
  } catch {
    return {};
  }
}

const plain = (text: string, max = 2000) => ({
  type: 'plain_text' as const,
  text: clipText(text, max),
  emoji: true,
});
const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

function input(blockId: string, label: string, element: InputBlock['element'], optional = false): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label), optional, element };
}

function modal(
  t: Translate,
  callbackId: string,
  titleKey: string,
  meta: ModalMeta,
  blocks: KnownBlock[],
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: encodeMeta(meta),
    title: plain(t(titleKey), 24),
    submit: plain(t('slack.modal.submit'), 24),
    close: plain(t('slack.modal.cancel'), 24),
    blocks,
  };
}

/** Units for a select: one list up to 100, else grouped by block (Slack's limits). */
function unitChoices(t: Translate, units: readonly FormUnit[]) {
  const opt = (u: FormUnit) => option(`${u.code} — ${u.name}`, u.code);
  if (units.length <= 100) return { options: units.map(opt) };
  const blocks = [...new Set(units.map((u) => u.block))];
  return {
    option_groups: blocks.map((b) => ({
      label: plain(t(`block.${b}`), 75),
      options: units
        .filter((u) => u.block === b)
        .slice(0, 100)
        .map(opt),
    })),
  };
}

/** The "Log a blocker" form: the same fields as `/blocker add`, with the unit list and a date picker. */
export function addBlockerModal(
  t: Translate,
  units: readonly FormUnit[],
  meta: ModalMeta,
  prefill: { title?: string | undefined; detail?: string | undefined } = {},
): ModalView {
  const title = prefill.title ? clipText(prefill.title, TITLE_MAX) : undefined;
  const detail = prefill.detail ? clipText(prefill.detail, 3000) : undefined;
  const categories = CATEGORIES.map((c) => option(t(`category.${c}`), c));
  const priorities = PRIORITIES.map((p) => option(t(`priority.${p}`), p));
  const blocks: KnownBlock[] = [
    input('title', t('slack.field.title'), {
      type: 'plain_text_input',
      action_id: INPUT,
      max_length: TITLE_MAX,
      ...(title ? { initial_value: title } : {}),
    }),
    input(
      'detail',
      t('slack.field.detail'),
      {
        type: 'plain_text_input',
        action_id: INPUT,
        multiline: true,
        max_length: 3000,
        ...(detail ? { initial_value: detail } : {}),
      },
      true,
    ),
  ];
  if (meta.link)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: t('slack.field.source_link', { link: escapeMrkdwn(meta.link) }) }],
    });
  blocks.push(
    input('category', t('field.category'), {
      type: 'static_select',
      action_id: INPUT,
      options: categories,
      initial_option: categories[categories.length - 1],
    }),
  );
  if (units.length > 0)
    blocks.push(
      input(
        'owner',
        t('slack.field.owner_unit'),
        { type: 'static_select', action_id: INPUT, ...unitChoices(t, units) },
        true,
      ),
    );
  blocks.push(
    input('person', t('slack.field.owner_person'), { type: 'users_select', action_id: INPUT }, true),
    input('due', t('field.deadline'), { type: 'datepicker', action_id: INPUT }, true),
    input('priority', t('field.priority'), {
      type: 'static_select',
      action_id: INPUT,
      options: priorities,
      initial_option: priorities[1],
    }),
  );
  return modal(t, MODAL.add, 'slack.modal.add_title', meta, blocks);
}

/** "Request extension" on a blocker: a new date and a reason (admins' requests set it at once). */
export function extendModal(t: Translate, meta: ModalMeta & { record: string }): ModalView {
  return modal(t, MODAL.extend, 'slack.modal.extend_title', meta, [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: escapeMrkdwn(t('slack.extend_for', { id: meta.record })) },
    },
    input('due', t('slack.field.new_deadline'), { type: 'datepicker', action_id: INPUT }),
    input(
      'reason',
      t('slack.field.reason'),
      { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 1000 },
      true,
    ),
  ]);
}

/** "Reject" on an extension request: a rejection needs a reason. */
export function rejectModal(t: Translate, meta: ModalMeta & { record: string }): ModalView {
  return modal(t, MODAL.reject, 'slack.modal.reject_title', meta, [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: escapeMrkdwn(t('slack.reject_for', { id: meta.record })) },
    },
    input('reason', t('slack.field.reason'), {
      type: 'plain_text_input',
      action_id: INPUT,
      multiline: true,
      max_length: 1000,
    }),
  ]);
}
