import { UserError } from '../src/domain/errors.ts';
import { ADD_USAGE, blockerAdd } from './blocker-add.ts';
import {
  blockerAssign,
  blockerDue,
  blockerEscalate,
  blockerNote,
  blockerSnooze,
  blockerStatus,
  CHANGE_USAGE,
} from './blocker-change.ts';
import { blockerEdit, EDIT_USAGE } from './blocker-edit.ts';
import {
  blockerList,
  blockerShow,
  blockerTriage,
  LIST_USAGE,
  SHOW_USAGE,
  TRIAGE_USAGE,
} from './blocker-list.ts';
import { blockerVoid, VOID_USAGE } from './blocker-void.ts';
import { splitFirst, usageOf } from './support.ts';
import type { Command } from './types.ts';

const subcommands = {
  add: { usage: ADD_USAGE, summary: 'help.blocker.add' },
  list: { usage: LIST_USAGE, summary: 'help.blocker.list' },
  show: { usage: SHOW_USAGE, summary: 'help.blocker.show' },
  assign: { usage: CHANGE_USAGE.assign, summary: 'help.blocker.assign' },
  due: { usage: CHANGE_USAGE.due, summary: 'help.blocker.due' },
  note: { usage: CHANGE_USAGE.note, summary: 'help.blocker.note' },
  start: { usage: CHANGE_USAGE.start, summary: 'help.blocker.start' },
  resolve: { usage: CHANGE_USAGE.resolve, summary: 'help.blocker.resolve' },
  reopen: { usage: CHANGE_USAGE.reopen, summary: 'help.blocker.reopen' },
  drop: { usage: CHANGE_USAGE.drop, summary: 'help.blocker.drop' },
  escalate: { usage: CHANGE_USAGE.escalate, summary: 'help.blocker.escalate' },
  snooze: { usage: CHANGE_USAGE.snooze, summary: 'help.blocker.snooze' },
  edit: { usage: EDIT_USAGE, summary: 'help.blocker.edit' },
  void: { usage: VOID_USAGE, summary: 'help.blocker.void' },
  triage: { usage: TRIAGE_USAGE, summary: 'help.blocker.triage' },
};

/** `/blocker …`: log, list, show, assign, re-date, note and move blockers. */
export const blocker: Command = {
  name: 'blocker',
  summary: 'help.blocker',
  usage: usageOf(subcommands),
  subcommands,
  async run(ctx, input) {
    const [sub, rest] = splitFirst(input);
    switch (sub) {
      case 'add':
        return blockerAdd(ctx, rest);
      case 'list':
        return blockerList(ctx, rest);
      case 'show':
        return blockerShow(ctx, rest);
      case 'assign':
        return blockerAssign(ctx, rest);
      case 'due':
        return blockerDue(ctx, rest);
      case 'note':
        return blockerNote(ctx, rest);
      case 'escalate':
        return blockerEscalate(ctx, rest);
      case 'snooze':
        return blockerSnooze(ctx, rest);
      case 'triage':
        return blockerTriage(ctx);
      case 'edit':
        return blockerEdit(ctx, rest);
      case 'void':
        return blockerVoid(ctx, rest);
      case 'start':
      case 'resolve':
      case 'reopen':
      case 'drop':
        return blockerStatus(ctx, sub, rest);
      case '':
        throw new UserError('args.missing_sub', { choices: Object.keys(subcommands).join(', ') });
      default:
        // `/blocker B-12` is a show.
        if (/^#?b-?\d+$/i.test(sub)) return blockerShow(ctx, input);
        throw new UserError('args.unknown_sub', { sub, choices: Object.keys(subcommands).join(', ') });
    }
  },
};
