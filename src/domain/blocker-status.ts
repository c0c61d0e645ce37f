/**
 * The blocker status machine (DESIGN.md "Words"): `new` (untriaged) → `open` (has an owner) →
 * `in_progress` → `resolved`, `dropped` for withdrawn ones, `reopen` back to `open`. Overdue is
 * derived here too, never stored. Pure: no I/O, `now` is always a parameter.
 */
import { UserError } from './errors.ts';
import type { BlockerStatus } from './types.ts';

/** What a user can do to a blocker's status (`/blocker assign|start|resolve|reopen|drop`). */
export type BlockerAction = 'assign' | 'start' | 'resolve' | 'reopen' | 'drop';

/** Every action, in the order buttons and help list them. */
export const BLOCKER_ACTIONS: readonly BlockerAction[] = ['assign', 'start', 'resolve', 'reopen', 'drop'];

/** Facts about the blocker the machine needs beyond its status. */
export interface StatusOptions {
  /**
   * Whether the blocker has an owner (unit or person) after the action. Starting a `new` blocker
   * needs `true`; reopening goes to `new` only when this is explicitly `false`.
   */
  hasOwner: boolean;
}

function notAllowed(from: BlockerStatus, action: BlockerAction): UserError {
  return new UserError('status.not_allowed', { from, action });
}

function already(status: BlockerStatus): UserError {
  return new UserError('status.already', { status });
}

/**
 * The status a blocker moves to when `action` is applied to it, so that every caller (commands,
 * buttons, jobs) follows the same rules.
 *
 * - assign: `new` → `open`; `open` and `in_progress` keep their status; closed ones refuse.
 * - start: `open` (or `new` with an owner) → `in_progress`.
 * - resolve: `new`/`open`/`in_progress` → `resolved`.
 * - drop: `new`/`open`/`in_progress` → `dropped`.
 * - reopen: `resolved`/`dropped` → `open` (`new` when `opts.hasOwner` is `false`).
 *
 * @throws UserError `status.already` `{ status }` when the blocker is already where the action
 *   leads (start an `in_progress`, resolve a `resolved`, drop a `dropped` one);
 *   `status.not_allowed` `{ from, action }` for any other refused move.
 */
export function nextStatus(
  current: BlockerStatus,
  action: BlockerAction,
  opts?: StatusOptions,
): BlockerStatus {
  switch (action) {
    case 'assign':
      if (current === 'new') return 'open';
      if (current === 'open' || current === 'in_progress') return current;
      throw notAllowed(current, action);
    case 'start':
      if (current === 'open') return 'in_progress';
      if (current === 'new' && opts?.hasOwner === true) return 'in_progress';
      if (current === 'in_progress') throw already(current);
      throw notAllowed(current, action);
    case 'resolve':
      if (current === 'new' || current === 'open' || current === 'in_progress') return 'resolved';
      if (current === 'resolved') throw already(current);
      throw notAllowed(current, action);
    case 'drop':
      if (current === 'new' || current === 'open' || current === 'in_progress') return 'dropped';
      if (current === 'dropped') throw already(current);
      throw notAllowed(current, action);
    case 'reopen':
      if (current === 'resolved' || current === 'dropped') return opts?.hasOwner === false ? 'new' : 'open';
      throw notAllowed(current, action);
  }
}

/**
 * The actions `nextStatus` would accept from `current`: which buttons to show on a blocker
 * message without offering one that would only answer with an error.
 */
export function allowedActions(current: BlockerStatus, opts?: StatusOptions): BlockerAction[] {
  return BLOCKER_ACTIONS.filter((action) => {
    try {
      nextStatus(current, action, opts);
      return true;
    } catch {
      return false;
    }
  });
}

/** The statuses of a finished blocker: no reminders, not overdue, not open. */
export const CLOSED_STATUSES = ['resolved', 'dropped'] as const satisfies readonly BlockerStatus[];

/** The statuses of an open blocker: every one but the {@link CLOSED_STATUSES}. */
export const OPEN_STATUSES = ['new', 'open', 'in_progress'] as const satisfies readonly BlockerStatus[];

/** Whether the blocker is finished (`resolved` or `dropped`): no reminders, not overdue, not open. */
export function isClosed(status: BlockerStatus): boolean {
  return (CLOSED_STATUSES as readonly BlockerStatus[]).includes(status);
}

/**
 * Whether the blocker is overdue at `now`: its deadline has passed (strictly before `now`) and it
 * is not closed. Derived on every read so that a deadline change or a resolution is reflected at
 * once; never stored.
 */
export function isOverdue(b: { status: BlockerStatus; deadline: Date | null }, now: Date): boolean {
  return b.deadline !== null && b.deadline.getTime() < now.getTime() && !isClosed(b.status);
}
