/** Generated records for the public read side: every source and status, with and without owners, void ones. */
import { sql } from 'drizzle-orm';
import { isCounted, isPrivateCall } from '../../src/domain/counted.ts';
import type { UnitRecord } from '../../src/domain/records.ts';
import { BLOCKER_STATUSES, SOURCES } from '../../src/domain/types.ts';
import { renderText } from '../../src/render/text.ts';
import { byUrgency } from '../../src/services/blocker-queries.ts';
import type { PublicFilter } from '../../src/services/public-view.ts';
import type { toBlocker } from '../../src/store/rows.ts';
import { blockers } from '../../src/store/schema.ts';
import { TestClock, testApp } from '../support/app.ts';

/** The rows of `db.execute` on either driver. */
export const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? r) as T[];

export const NOW = new Date('2026-03-14T03:00:00Z');
export const DAY = 86_400_000;
export const TZ = 'Asia/Ho_Chi_Minh';

/** The app with three units (MOF, HCM government; BTG party) and `n` generated blockers. */
export async function generatedApp(env: Record<string, string>, n: number) {
  const app = await testApp({ env, clock: new TestClock(NOW) });
  const who = { platform: 'console' as const, id: 'ana', name: 'Ana' };
  const chat = { platform: 'console' as const, id: 'console' };
  for (const line of [
    '/unit add MOF "Ministry of Finance" block:government kind:ministry',
    '/unit add HCM "Ho Chi Minh City" block:government kind:locality',
    '/unit add BTG "Ban Tuyên giáo Trung ương" block:party kind:party_body',
  ]) {
    const out = renderText((await app.dispatcher.handle({ text: line, who, chat, asAdmin: true })).reply);
    if (/^Error/.test(out)) throw new Error(`${line} -> ${out}`);
  }
  const db = app.database.db;
  const units = await app.services.publicView.units();
  const [ana] = rowsOf<{ id: number }>(
    await db.execute(sql`select id from persons where console_user = 'ana'`),
  );
  const unitIds = units.map((u) => u.id);
  const rows = Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const status = BLOCKER_STATUSES[(i * 7) % BLOCKER_STATUSES.length] ?? 'open';
    // Few distinct deadlines, so that many tie and the id decides; some passed, some undated.
    const deadline = i % 9 === 0 ? null : new Date(NOW.getTime() + ((i % 5) - 2) * DAY);
    return {
      id: i,
      title: `Generated ${i}${i % 4 === 3 ? ' call 0912 345 678' : ''}`,
      category: 'other',
      source: SOURCES[i % SOURCES.length] ?? 'agency',
      reportingUnitId: i % 10 === 0 ? null : (unitIds[(i * 5) % unitIds.length] ?? null),
      ownerUnitId: i % 6 === 0 ? null : (unitIds[i % unitIds.length] ?? null),
      ownerPersonId: i % 4 === 0 ? (ana?.id ?? null) : null,
      deadline,
      originalDeadline: deadline,
      priority: 'normal',
      status,
      callerName: i % 4 === 3 ? `Caller ${i}` : null,
      callerPhone: i % 4 === 3 ? '0912 345 678' : null,
      createdById: ana?.id ?? 1,
      createdAt: new Date(NOW.getTime() - (40 - (i % 30)) * DAY),
      updatedAt: new Date(NOW.getTime() - (i % 30) * DAY),
      resolvedAt:
        status === 'resolved' || status === 'dropped' ? new Date(NOW.getTime() - (i % 40) * DAY) : null,
      voidedAt: i % 11 === 0 ? NOW : null,
    };
  });
  await db.insert(blockers).values(rows);
  // Deadlines to the microsecond (as SQL can write them), every one alike so that the ties stay
  // ties: a JavaScript Date cannot hold them, so an order that went through a Date would tie them wrongly.
  await db.execute(
    sql`update blockers set deadline = deadline + interval '250 microseconds' where deadline is not null`,
  );
  return { app, db, units };
}

/** The old in-memory selection (what `publicView.blockers` did before): the oracle. */
export function expected(
  all: ReturnType<typeof toBlocker>[],
  units: UnitRecord[],
  filter: PublicFilter,
): number[] {
  const unitOf = (id: number | null) => units.find((u) => u.id === id) ?? null;
  return all
    .filter(isCounted)
    .filter((b) => !isPrivateCall(b))
    .filter((b) => !filter.statuses || filter.statuses.includes(b.status))
    .filter((b) => !filter.unit || b.ownerUnitId === filter.unit.id || b.reportingUnitId === filter.unit.id)
    .filter((b) => !filter.block || unitOf(b.ownerUnitId ?? b.reportingUnitId)?.block === filter.block)
    .filter((b) => !filter.dated || b.deadline !== null)
    .sort(byUrgency(NOW))
    .map((b) => b.id);
}
