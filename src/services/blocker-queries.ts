import { isOverdue, OPEN_STATUSES } from '../domain/blocker-status.ts';
import { UserError } from '../domain/errors.ts';
import { assertCan, permActor, visibleTo } from '../domain/permissions.ts';
import type { BlockerRecord } from '../domain/records.ts';
import type { Block, Category } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { type BlockerWhere, blockersRepo } from '../store/blockers-repo.ts';
import { historyOf } from '../store/history.ts';
import { blockerTarget } from './blocker-access.ts';
import { type Actor, Service, type ServiceDeps } from './deps.ts';
import { requireUnit } from './unit-lookup.ts';

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
export class BlockerQueries extends Service {
  /** The list filter as SQL filters (externals: their own records only, as `visibleTo`). */
  private async whereFor(actor: Actor, filter: BlockerFilter): Promise<BlockerWhere> {
    const now = this.deps.clock.now();
    const unit = filter.unit ? await requireUnit(this.db, filter.unit) : null;
    const w: BlockerWhere = {
      ...(unit ? { unitId: unit.id } : {}),
      ...(filter.block ? { block: filter.block } : {}),
      ...(filter.category ? { category: filter.category } : {}),
      ...(actor.person.role === 'external'
        ? { viewer: { personId: actor.person.id, unitId: actor.person.unitId } }
        : {}),
    };
    switch (filter.scope) {
      case 'open':
        return { ...w, statuses: OPEN_STATUSES };
      case 'overdue':
        return { ...w, overdueAt: now };
      case 'new':
        return { ...w, statuses: ['new'] };
      case 'resolved':
        return { ...w, statuses: ['resolved'] };
      case 'mine':
        return {
          ...w,
          mine: { personId: actor.person.id, unitIds: actor.leadOf, unitId: actor.person.unitId },
        };
      default:
        return w;
    }
  }

  /** One blocker, a void one too (`/blocker show` says it is void). */
  async get(actor: Actor, id: number): Promise<BlockerRecord> {
    const b = await blockersRepo.byIdAny(this.db, id);
    if (!b || !visibleTo(permActor(actor), blockerTarget(b)))
      throw new UserError('blocker.unknown', { id: fmtId.blocker(id) });
    assertCan(permActor(actor), 'blocker.view', blockerTarget(b));
    return b;
  }

  history(id: number) {
    return historyOf(this.db, 'blocker', fmtId.blocker(id));
  }

  /** Every blocker matching `filter` the actor may see, most urgent first; filtered in SQL. */
  async list(actor: Actor, filter: BlockerFilter): Promise<BlockerRecord[]> {
    return (await this.page(actor, filter)).items;
  }

  /**
   * One page of {@link list} (`limit`, `offset`; all when left out) and how many match in all.
   * PostgreSQL filters and orders (indexes in schema.ts), so only the page is loaded.
   */
  async page(
    actor: Actor,
    filter: BlockerFilter,
    cut?: { limit: number; offset: number },
  ): Promise<{ items: BlockerRecord[]; total: number }> {
    assertCan(permActor(actor), 'blocker.list');
    const where = await this.whereFor(actor, filter);
    const rows = await blockersRepo.matching(this.db, where, this.deps.clock.now(), cut);
    // The matrix stays the rule: the SQL narrows, `visibleTo` decides.
    const items = rows.filter((b) => visibleTo(permActor(actor), blockerTarget(b)));
    const total =
      cut && (rows.length === cut.limit || cut.offset > 0)
        ? await blockersRepo.countMatching(this.db, where)
        : items.length;
    return { items, total };
  }

  async triage(actor: Actor): Promise<BlockerRecord[]> {
    assertCan(permActor(actor), 'blocker.triage');
    return (await blockersRepo.byStatus(this.db, ['new'])).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    );
  }
}

export const blockerQueries = (deps: ServiceDeps) => new BlockerQueries(deps);
