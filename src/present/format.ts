import { formatDate, formatDateSmart } from '../dates.ts';
import { isClosed, isOverdue } from '../domain/blocker-status.ts';
import { isCounted } from '../domain/counted.ts';
import type { BlockerRecord, UnitRecord } from '../domain/records.ts';
import type { Button, Field, ListItem } from '../domain/reply.ts';
import type { Person } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import type { Translate } from '../i18n/index.ts';

/** What presenting a record needs: language, zone, clock, and lookups of units and people. */
export interface Look {
  t: Translate;
  tz: string;
  now: Date;
  units: Map<number, UnitRecord>;
  persons: Map<number, Person>;
}

export const unitCode = (look: Look, id: number | null) =>
  id === null ? '—' : (look.units.get(id)?.code ?? '?');
export const personName = (look: Look, id: number | null) =>
  id === null ? null : (look.persons.get(id)?.name ?? `#${id}`);

export function dueText(look: Look, b: Pick<BlockerRecord, 'deadline' | 'status'>): string {
  if (!b.deadline) return look.t('word.no_deadline');
  const d = formatDateSmart(b.deadline, look.tz);
  return isOverdue(b, look.now) ? look.t('word.overdue_since', { date: d }) : d;
}

/** The buttons a blocker offers in its current state. */
export function blockerButtons(t: Translate, b: BlockerRecord): Button[] {
  const id = fmtId.blocker(b.id);
  if (isClosed(b.status) || !isCounted(b)) return [];
  const out: Button[] = [];
  if (b.status !== 'in_progress') out.push({ label: t('button.start'), action: 'blocker.start', value: id });
  out.push({ label: t('button.resolve'), action: 'blocker.resolve', value: id, style: 'primary' });
  out.push({ label: t('button.extend'), action: 'blocker.extend', value: id });
  return out;
}

/** One line of a blocker list. */
export function blockerItem(look: Look, b: BlockerRecord, withButtons = false): ListItem {
  const owner = personName(look, b.ownerPersonId);
  const parts = [
    `${look.t(`status.${b.status}`)}`,
    `${look.t('word.owner')}: ${unitCode(look, b.ownerUnitId)}${owner ? ` (${owner})` : ''}`,
    `${look.t('word.due')}: ${dueText(look, b)}`,
  ];
  if (b.priority !== 'normal') parts.push(look.t(`priority.${b.priority}`));
  return {
    id: fmtId.blocker(b.id),
    text: b.title,
    detail: parts.join(' · '),
    ...(withButtons ? { buttons: blockerButtons(look.t, b) } : {}),
  };
}

/** The fields of a blocker card. */
export function blockerFields(look: Look, b: BlockerRecord): Field[] {
  const t = look.t;
  const owner = personName(look, b.ownerPersonId);
  const fields: Field[] = [
    ...(isCounted(b)
      ? []
      : [
          {
            label: t('field.void'),
            value: t('word.void_since', {
              date: formatDate(b.voidedAt ?? look.now, look.tz),
              reason: b.voidReason ?? '',
            }),
          },
        ]),
    { label: t('field.status'), value: t(`status.${b.status}`) },
    { label: t('field.owner'), value: `${unitCode(look, b.ownerUnitId)}${owner ? ` · ${owner}` : ''}` },
    {
      label: t('field.deadline'),
      value: dueText(look, b),
      ...(b.deadline ? { at: b.deadline.toISOString() } : {}),
    },
    { label: t('field.priority'), value: t(`priority.${b.priority}`) },
    { label: t('field.category'), value: t(`category.${b.category}`) },
    { label: t('field.source'), value: t(`source.${b.source}`) },
  ];
  if (b.reportingUnitId !== null || b.callerName)
    fields.push({
      label: t('field.reported_by'),
      value: [
        b.reportingUnitId !== null ? unitCode(look, b.reportingUnitId) : null,
        b.callerName,
        b.callerPhone,
      ]
        .filter(Boolean)
        .join(' · '),
    });
  if (b.originalDeadline && b.deadline && b.originalDeadline.getTime() !== b.deadline.getTime())
    fields.push({
      label: t('field.original_deadline'),
      value: t('word.slipped', {
        date: formatDateSmart(b.originalDeadline, look.tz),
        times: b.slipCount,
        days: b.slipDays,
      }),
    });
  if (b.escalated) fields.push({ label: t('field.escalated'), value: t('word.yes') });
  if (b.sourceLink) fields.push({ label: t('field.source_link'), value: b.sourceLink });
  return fields;
}
