import { isClosed, isOverdue } from '../domain/blocker-status.ts';
import { UserError } from '../domain/errors.ts';
import { assertCan, visibleTo } from '../domain/permissions.ts';
import type { Block, Category } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { historyOf } from '../store/history.ts';
import type { BlockerRecord } from '../store/rows.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { blockerTarget } from './blockers.ts';
import { type Actor, permActor, type ServiceDeps } from './deps.ts';
import { requireUnit } from './units.ts';

export const LIST_SCOPES = ['open', 'overdue', 'mine', 'new', 'resolved', 'all'] as const;
export type ListScope = (typeof LIST_SCOPES)[number];

export interface BlockerFilter {
  scope: ListScope;
  unit?: string | undefined;
  block?: Block | undefined;
  category?: Category | undefined;
}

/** Overdue first (most overdue on top), then by deadline, undated last, then by id. */
export function byUrgency(now: Date) {
  return (a: BlockerRecord, b: BlockerRecord) => {
    const ao = isOverdue(a, now) ? 0 : 1;
    const bo = isOverdue(b, now) ? 0 : 1;
    if (ao !== bo) return ao - bo;
    const ad = a.deadline?.getTime() ?? Number.POSITIVE_INFINITY;
    const bd = b.deadline?.getTime() ?? Number.POSITIVE_INFINITY;
    if (ad !== bd) return ad - bd;
    return a.id - b.id;
  };
}

/** Reading blockers: one, a filtered list, the triage queue; externals see their own unit's only. */
export function blockerQueries(deps: ServiceDeps) {
  const db = () => deps.database.db;

  return {
    /** One blocker, a void one too (`/blocker show` says it is void). */
    async get(actor: Actor, id: number): Promise<BlockerRecord> {
      const b = await blockersRepo.byIdAny(db(), id);
      if (!b || !visibleTo(permActor(actor), blockerTarget(b)))
        throw new UserError('blocker.unknown', { id: fmtId.blocker(id) });
      assertCan(permActor(actor), 'blocker.view', blockerTarget(b));
      return b;
    },

    history: (id: number) => historyOf(db(), 'blocker', fmtId.blocker(id)),

    async list(actor: Actor, filter: BlockerFilter): Promise<BlockerRecord[]> {
      assertCan(permActor(actor), 'blocker.list');
      const now = deps.clock.now();
      const unit = filter.unit ? await requireUnit(db(), filter.unit) : null;
      const blockUnits = filter.block
        ? new Set((await unitsRepo.all(db())).filter((u) => u.block === filter.block).map((u) => u.id))
        : null;
      const me = actor.person.id;
      const mine = new Set(actor.leadOf);
      const all = await blockersRepo.all(db());
      return all
        .filter((b) => visibleTo(permActor(actor), blockerTarget(b)))
        .filter((b) => {
          switch (filter.scope) {
            case 'open':
              return !isClosed(b.status);
            case 'overdue':
              return isOverdue(b, now);
            case 'new':
              return b.status === 'new';
            case 'resolved':
              return b.status === 'resolved';
            case 'mine':
              return (
                !isClosed(b.status) &&
                (b.ownerPersonId === me ||
                  (b.ownerUnitId !== null && mine.has(b.ownerUnitId)) ||
                  (b.ownerPersonId === null &&
                    b.ownerUnitId !== null &&
                    b.ownerUnitId === actor.person.unitId) ||
                  b.createdById === me)
              );
            default:
              return true;
          }
        })
        .filter((b) => !unit || b.ownerUnitId === unit.id || b.reportingUnitId === unit.id)
        .filter((b) => !blockUnits || (b.ownerUnitId !== null && blockUnits.has(b.ownerUnitId)))
        .filter((b) => !filter.category || b.category === filter.category)
        .sort(byUrgency(now));
    },

    async triage(actor: Actor): Promise<BlockerRecord[]> {
      assertCan(permActor(actor), 'blocker.triage');
      return (await blockersRepo.byStatus(db(), ['new'])).sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
      );
    },
  };
}

export type BlockerQueries = ReturnType<typeof blockerQueries>;
