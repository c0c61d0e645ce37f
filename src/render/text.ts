import { type Button, pageLabel, type Reply } from '../domain/reply.ts';
import { monoTable } from './table.ts';

/** Renders buttons as a hint line, e.g. `Actions: Start · Resolve`. */
function actions(buttons: readonly Button[] | undefined, label: string, indent = ''): string[] {
  if (!buttons?.length) return [];
  return [`${indent}${label}: ${buttons.map((b) => b.label).join(' · ')}`];
}

/**
 * Renders a reply as plain text for the console and logs: title, usage (under an error), lines,
 * `Label: value` fields, bulleted items with an indented detail, the page line of a reply that is
 * one page of a longer list (with what to type for the next page), button hints and image notes.
 * The result has no trailing whitespace on any line and no trailing newline.
 */
export function renderText(reply: Reply): string {
  const out: string[] = [];
  if (reply.title) out.push(reply.title);
  if (reply.usage) out.push(`${reply.labels?.usage ?? 'Usage'}: ${reply.usage}`);
  if (reply.table) {
    out.push(...monoTable(reply.table, 72));
    if (reply.table.legend) out.push(reply.table.legend);
  }
  for (const line of reply.lines ?? []) out.push(line);
  for (const field of reply.fields ?? []) out.push(`${field.label}: ${field.value}`);
  for (const item of reply.items ?? []) {
    out.push(item.id ? `• ${item.id}  ${item.text}` : `• ${item.text}`);
    if (item.detail) out.push(`  ${item.detail}`);
    out.push(...actions(item.buttons, reply.labels?.actions ?? 'Actions', '  '));
  }
  const paging = reply.paging;
  if (paging && paging.pages > 1) out.push(paging.more ?? pageLabel(reply, paging.page, paging.pages));
  out.push(...actions(reply.buttons, reply.labels?.actions ?? 'Actions'));
  for (const image of reply.images ?? []) out.push(`(chart: ${image.filename})`);
  for (const doc of reply.documents ?? []) out.push(`(document: ${doc.filename})`);
  return out
    .join('\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}
