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

/**
 * Cuts plain text into messages of at most `max` UTF-16 units, at line ends: as many whole lines
 * as fit go in each message; a line longer than `max` is cut at its last space that fits (else at
 * `max`, never inside a surrogate pair). Blank lines at a cut are dropped; the order is kept.
 */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) out.push(current.trimEnd());
    current = '';
  };
  for (const line of text.split('\n')) {
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > max) {
      const piece = cutAt(rest, max);
      out.push(piece.trimEnd());
      rest = rest.slice(piece.length).trimStart();
    }
    current = rest;
  }
  flush();
  return out;
}

/** The longest start of `line` within `max` units ending at a space, else `max` units whole. */
function cutAt(line: string, max: number): string {
  const space = line.lastIndexOf(' ', max);
  if (space > max / 2) return line.slice(0, space + 1);
  const end = /[\uD800-\uDBFF]/.test(line[max - 1] ?? '') ? max - 1 : max;
  return line.slice(0, end);
}
