import { blocker } from './blocker.ts';
import { extension } from './extension.ts';
import { makeHelp } from './help.ts';
import { hotline } from './hotline.ts';
import { roadmap } from './roadmap.ts';
import { summary } from './summary.ts';
import type { Command } from './types.ts';
import { unit } from './unit.ts';
import { wg } from './wg.ts';

/** Every chat command, in the order /help lists them. */
export const commands: Command[] = [];
commands.push(
  makeHelp(() => commands),
  blocker,
  hotline,
  roadmap,
  extension,
  unit,
  summary,
  wg,
);

export function findCommand(name: string): Command | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}
