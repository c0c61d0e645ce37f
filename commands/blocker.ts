import { blockerAdd } from './blocker-add.ts';
import {
  blockerAssign,
  blockerDrop,
  blockerDue,
  blockerEscalate,
  blockerNote,
  blockerReopen,
  blockerResolve,
  blockerSnooze,
  blockerStart,
} from './blocker-change.ts';
import { blockerEdit } from './blocker-edit.ts';
import { blockerList, blockerShow, blockerTriage } from './blocker-list.ts';
import { blockerVoid } from './blocker-void.ts';
import { runSub, tableCommand } from './table.ts';

/** One row per subcommand (usage, parser, executor), in the order `/help` lists them. */
const subcommands = {
  add: blockerAdd,
  list: blockerList,
  show: blockerShow,
  assign: blockerAssign,
  due: blockerDue,
  note: blockerNote,
  start: blockerStart,
  resolve: blockerResolve,
  reopen: blockerReopen,
  drop: blockerDrop,
  escalate: blockerEscalate,
  snooze: blockerSnooze,
  edit: blockerEdit,
  void: blockerVoid,
  triage: blockerTriage,
};

/** `/blocker …`: log, list, show, assign, re-date, note and move blockers. */
export const blocker = tableCommand({
  name: 'blocker',
  summary: 'help.blocker',
  subcommands,
  // `/blocker B-12` is a show.
  otherwise: (ctx, input) => (/^#?b-?\d+$/i.test(input.trim()) ? runSub(blockerShow, ctx, input) : undefined),
});
