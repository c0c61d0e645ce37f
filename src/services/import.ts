/**
 * `npm run import -- FILE.csv`: loads a backlog in the columns of `/export/blockers.csv`
 * (DESIGN.md, the import paragraph). All or nothing: every row is checked first and a bad row
 * is reported by its line number; then every record is written in one transaction, ids kept,
 * the id counter advanced, each with a history row (platform `import`). Exporting and
 * importing into an empty database gives the same export back.
 */
import { assertCan, permActor } from '../domain/permissions.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { raiseCounter } from '../store/ids.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { type Actor, change, record, type ServiceDeps } from './deps.ts';
import { readRows } from './import-rows.ts';

export { IMPORT_COLUMNS, type ImportProblem, ImportRejected } from './import-rows.ts';

/** The person an imported owner name stands for: an earlier import's placeholder of that name, else a new one. */
async function placeholder(tx: Db, name: string, now: Date, cache: Map<string, number>): Promise<number> {
  const known = cache.get(name);
  if (known !== undefined) return known;
  // Only placeholders (no chat identity) are reused: a display name never identifies a real account.
  const id =
    (await personsRepo.placeholderNamed(tx, name)) ??
    (await personsRepo.insert(tx, { name, role: 'member', createdAt: now })).id;
  cache.set(name, id);
  return id;
}

/** Importing a backlog (admins). */
export function importService(deps: ServiceDeps) {
  return {
    /**
     * Imports every row of `csv` or none. `actor` is recorded on each history row (platform
     * `import`). Returns the imported ids.
     * @throws ImportRejected with every problem by line; UserError `perm.denied` for non-admins
     */
    async blockers(actor: Actor, csv: string): Promise<{ imported: number; ids: number[] }> {
      assertCan(permActor(actor), 'blocker.import');
      const now = deps.clock.now();
      const who: Actor = { ...actor, platform: 'import' };
      return change(deps, actor, async (tx) => {
        const rows = await readRows(tx, csv);
        const people = new Map<string, number>();
        for (const r of rows) {
          const ownerPersonId = r.ownerPerson ? await placeholder(tx, r.ownerPerson, now, people) : null;
          await blockersRepo.insert(tx, {
            id: r.id,
            title: r.title,
            detail: null,
            category: r.category,
            source: r.source,
            reportingUnitId: r.reportingUnit?.id ?? null,
            ownerUnitId: r.ownerUnit?.id ?? null,
            ownerPersonId,
            deadline: r.deadline,
            originalDeadline: r.originalDeadline ?? r.deadline,
            slipCount: r.slipCount,
            slipDays: r.slipDays,
            priority: r.priority,
            status: r.status,
            createdById: actor.person.id,
            createdAt: r.createdAt,
            updatedAt: now,
            resolvedAt: r.resolvedAt,
          });
          await record(tx, who, now, {
            entityType: 'blocker',
            entityId: fmtId.blocker(r.id),
            action: 'import',
            changes: {
              line: r.line,
              title: r.title,
              status: r.status,
              owner: r.ownerUnit?.code ?? null,
              ownerPerson: r.ownerPerson,
              from: r.reportingUnit?.code ?? null,
              deadline: r.deadline,
              originalDeadline: r.originalDeadline,
              created: r.createdAt,
              resolved: r.resolvedAt,
              category: r.category,
              source: r.source,
              priority: r.priority,
            },
          });
        }
        const max = rows.reduce((m, r) => Math.max(m, r.id), 0);
        await raiseCounter(tx, 'blocker', max);
        return { imported: rows.length, ids: rows.map((r) => r.id) };
      }).then(async (done) => {
        for (const id of done.ids) await deps.scheduler.itemChanged({ type: 'blocker', id });
        return done;
      });
    },
  };
}

export type ImportService = ReturnType<typeof importService>;
