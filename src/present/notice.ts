import type { Notice } from '../domain/notice.ts';
import { type Reply, reply } from '../domain/reply.ts';
import { fmtId } from '../domain/types.ts';
import type { Translate } from '../i18n/index.ts';

/** A notice put into words in the receiving chat's language, with buttons to act on its record. */
export function noticeReply(t: Translate, notice: Notice): Reply {
  const out = reply.ok(t(notice.kind, notice.params).trim());
  if (notice.lines?.length) out.lines = notice.lines.map((l) => t(l.kind, l.params));
  const ref = notice.ref;
  if (ref?.type === 'blocker' && notice.kind !== 'notice.extension_rejected') {
    const id = fmtId.blocker(ref.id);
    out.buttons = [
      { label: t('button.start'), action: 'blocker.start', value: id },
      { label: t('button.resolve'), action: 'blocker.resolve', value: id, style: 'primary' },
      { label: t('button.extend'), action: 'blocker.extend', value: id },
    ];
    // A reminder can be deferred once (`/blocker snooze B-n 1|3`); values stay short for Telegram.
    if (notice.kind === 'notice.reminder')
      out.buttons.push(
        { label: t('button.snooze1'), action: 'reminder.snooze', value: `${id}:1` },
        { label: t('button.snooze3'), action: 'reminder.snooze', value: `${id}:3` },
      );
  }
  return out;
}
