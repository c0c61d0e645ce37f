import { actionToCommand } from '../../dispatch.ts';
import type { Button, Reply } from '../../domain/reply.ts';
import { renderText } from '../../render/text.ts';

/** The command a button stands for, as one would type it (with what it still needs, in brackets). */
function typedCommand(b: Button): string | null {
  if (b.action === 'blocker.extend') return `/blocker due ${b.value} DATE [reason]`;
  if (b.action === 'blocker.resolve') return `/blocker resolve ${b.value} [note]`;
  if (b.action === 'extension.reject') return `/extension reject ${b.value} <reason>`;
  return actionToCommand(b.action, b.value);
}

/**
 * A reply as the console prints it: buttons cannot be pressed in a terminal, so instead of an
 * "Actions: Start · Resolve" line it ends with the commands one could type
 * (`→ /blocker start B-3 · /blocker resolve B-3 [note]`), or nothing.
 */
export function consoleText(reply: Reply): string {
  const typed = (reply.buttons ?? []).map(typedCommand).filter((c): c is string => c !== null);
  const { buttons: _buttons, ...rest } = reply;
  const bare: Reply = {
    ...rest,
    ...(reply.items ? { items: reply.items.map(({ buttons: _b, ...item }) => item) } : {}),
  };
  const text = renderText(bare);
  return typed.length ? `${text}\n→ ${typed.join(' · ')}` : text;
}
