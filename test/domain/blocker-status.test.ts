import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  type BlockerAction,
  isClosed,
  isOverdue,
  nextStatus,
} from '../../src/domain/blocker-status.ts';
import { isUserError } from '../../src/domain/errors.ts';
import type { BlockerStatus } from '../../src/domain/types.ts';

type Outcome = BlockerStatus | 'not_allowed' | 'already';

/** Every action from every status, with an owner (rows) — the whole machine in one table. */
const WITH_OWNER: Record<BlockerStatus, Record<BlockerAction, Outcome>> = {
  new: { assign: 'open', start: 'in_progress', resolve: 'resolved', reopen: 'not_allowed', drop: 'dropped' },
  open: { assign: 'open', start: 'in_progress', resolve: 'resolved', reopen: 'not_allowed', drop: 'dropped' },
  in_progress: {
    assign: 'in_progress',
    start: 'already',
    resolve: 'resolved',
    reopen: 'not_allowed',
    drop: 'dropped',
  },
  resolved: {
    assign: 'not_allowed',
    start: 'not_allowed',
    resolve: 'already',
    reopen: 'open',
    drop: 'not_allowed',
  },
  dropped: {
    assign: 'not_allowed',
    start: 'not_allowed',
    resolve: 'not_allowed',
    reopen: 'open',
    drop: 'already',
  },
};

/** Where having no owner changes the outcome. */
const WITHOUT_OWNER: Partial<Record<BlockerStatus, Partial<Record<BlockerAction, Outcome>>>> = {
  new: { start: 'not_allowed' },
  resolved: { reopen: 'new' },
  dropped: { reopen: 'new' },
};

function outcome(current: BlockerStatus, action: BlockerAction, hasOwner: boolean): Outcome {
  try {
    return nextStatus(current, action, { hasOwner });
  } catch (err) {
    if (!isUserError(err)) throw err;
    if (err.code === 'status.already') {
      expect(err.params).toEqual({ status: current });
      return 'already';
    }
    expect(err.code).toBe('status.not_allowed');
    expect(err.params).toEqual({ from: current, action });
    return 'not_allowed';
  }
}

const cases = Object.entries(WITH_OWNER).flatMap(([status, row]) =>
  Object.entries(row).map(([action, expected]) => ({
    status: status as BlockerStatus,
    action: action as BlockerAction,
    withOwner: expected,
    withoutOwner: WITHOUT_OWNER[status as BlockerStatus]?.[action as BlockerAction] ?? expected,
  })),
);

describe('nextStatus', () => {
  it.each(cases)('$action from $status: $withOwner (no owner: $withoutOwner)', (c) => {
    expect(outcome(c.status, c.action, true)).toBe(c.withOwner);
    expect(outcome(c.status, c.action, false)).toBe(c.withoutOwner);
  });

  it('covers all 25 status × action pairs', () => {
    expect(cases).toHaveLength(25);
  });

  it('without opts: start from new is refused, reopen goes to open', () => {
    expect(() => nextStatus('new', 'start')).toThrow(/status.not_allowed/);
    expect(nextStatus('resolved', 'reopen')).toBe('open');
    expect(nextStatus('open', 'start')).toBe('in_progress');
  });
});

describe('allowedActions', () => {
  it('lists only the actions that would succeed', () => {
    expect(allowedActions('open', { hasOwner: true })).toEqual(['assign', 'start', 'resolve', 'drop']);
    expect(allowedActions('new', { hasOwner: false })).toEqual(['assign', 'resolve', 'drop']);
    expect(allowedActions('in_progress')).toEqual(['assign', 'resolve', 'drop']);
    expect(allowedActions('resolved')).toEqual(['reopen']);
    expect(allowedActions('dropped')).toEqual(['reopen']);
  });
});

describe('isClosed / isOverdue', () => {
  const now = new Date('2025-06-10T10:00:00Z');
  const past = new Date('2025-06-10T09:59:59Z');
  const future = new Date('2025-06-10T10:00:01Z');

  it('closed means resolved or dropped', () => {
    expect(
      ['new', 'open', 'in_progress', 'resolved', 'dropped'].map((s) => isClosed(s as BlockerStatus)),
    ).toEqual([false, false, false, true, true]);
  });

  it.each([
    { status: 'open', deadline: past, overdue: true },
    { status: 'new', deadline: past, overdue: true },
    { status: 'in_progress', deadline: past, overdue: true },
    { status: 'resolved', deadline: past, overdue: false },
    { status: 'dropped', deadline: past, overdue: false },
    { status: 'open', deadline: future, overdue: false },
    { status: 'open', deadline: now, overdue: false },
    { status: 'open', deadline: null, overdue: false },
  ] as const)('$status with deadline $deadline → overdue $overdue', ({ status, deadline, overdue }) => {
    expect(isOverdue({ status, deadline }, now)).toBe(overdue);
  });
});
