import { formatDateSmart, formatDateTime } from '../src/dates.ts';
import type { CommandContext } from './types.ts';

/** A history row as `/blocker show` lists it. */
export interface HistoryEntry {
  at: Date;
  actorName: string;
  platform: string;
  action: string;
  changes: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** An ISO date from the history as the reader's date, `—` for none. */
function day(ctx: CommandContext, v: unknown): string {
  const s = str(v);
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? formatDateSmart(d, ctx.tz) : '—';
}

/**
 * One line per change: when, who (and from where), what, and the facts that matter to the reader
 * of the record: the dates a deadline moved between, the unit it was given to, the note or reason.
 */
export function historyLine(ctx: CommandContext, h: HistoryEntry): string {
  const c = (h.changes && typeof h.changes === 'object' ? h.changes : {}) as Record<string, unknown>;
  let what = ctx.t(`action.${h.action}`);
  const deadline = c.deadline as { from?: unknown; to?: unknown } | undefined;
  if ((h.action === 'due' || h.action === 'first_due') && deadline)
    what += ` ${day(ctx, deadline.from)} → ${day(ctx, deadline.to)}`;
  const owner = c.ownerUnit as { code?: unknown } | undefined;
  if (h.action === 'assign' && str(owner?.code)) what += ` → ${owner?.code}`;
  if (h.action === 'extension_requested') what += ` ${str(c.extension) ?? ''} → ${day(ctx, c.newDate)}`;
  if (h.action === 'extension_rejected' && str(c.extension)) what += ` ${c.extension}`;
  if (h.action === 'edit') what += ` ${editedFields(ctx, c)}`;
  const text = str(c.text) ?? str(c.note) ?? str(c.reason);
  // Console `/as`: the person acted, an admin typed it.
  const where =
    str(c.by) && c.via === 'console'
      ? ctx.t('history.on_behalf', { admin: str(c.by) })
      : ctx.t('history.via', { platform: h.platform });
  return `${formatDateTime(h.at, ctx.tz)} · ${h.actorName} (${where}) · ${what}${text ? `: ${text}` : ''}`;
}

const EDIT_LABELS: Record<string, string> = {
  title: 'field.title',
  detail: 'field.detail',
  category: 'field.category',
  priority: 'field.priority',
  from: 'field.from',
};

/** `/blocker edit`'s changes, old → new per field: `Title: "Old" → "New"; Category: other → institutions`. */
function editedFields(ctx: CommandContext, c: Record<string, unknown>): string {
  const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  // In the command's order: jsonb does not keep the order the keys were written in.
  return Object.entries(EDIT_LABELS)
    .filter(([k]) => c[k] !== undefined)
    .map(([k, label]) => {
      const ch = (c[k] ?? {}) as { from?: unknown; to?: unknown };
      return `${ctx.t(label)}: ${shown(ch.from)} → ${shown(ch.to)}`;
    })
    .join('; ');
}
