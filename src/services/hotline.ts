import { isClosed } from '../domain/blocker-status.ts';
import { assertCan, permActor } from '../domain/permissions.ts';
import type { BlockerRecord, UnitRecord } from '../domain/records.ts';
import { foldText, likelySame, titleSimilarity } from '../domain/similarity.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { unitsRepo } from '../store/units-repo.ts';
import type { BlockersService } from './blockers.ts';
import type { Actor, ServiceDeps } from './deps.ts';

export interface HotlineCall {
  caller: string;
  description: string;
  phone?: string | null;
  /** Log even when a likely duplicate is open. */
  force?: boolean;
}

export type HotlineResult =
  | { kind: 'logged'; blocker: BlockerRecord }
  | { kind: 'duplicate'; existing: BlockerRecord };

/**
 * Quick capture from a phone call: source `hotline`, status `new`. A likely duplicate (an open
 * blocker of the same unit with a similar title) is offered instead of creating a second one.
 */
export function hotlineService(deps: ServiceDeps, blockers: BlockersService) {
  return {
    async log(actor: Actor, call: HotlineCall): Promise<HotlineResult> {
      assertCan(permActor(actor), 'hotline.log');
      const db = deps.database.db;
      const unit = await callerUnit(db, call.caller);
      if (!call.force) {
        const open = (await blockersRepo.all(db)).filter((b) => !isClosed(b.status));
        const sameCaller = (b: BlockerRecord) =>
          unit
            ? b.reportingUnitId === unit.id || b.ownerUnitId === unit.id
            : foldText(b.callerName ?? '') === foldText(call.caller);
        const candidates = open
          .filter((b) => sameCaller(b) && likelySame(b.title, call.description))
          .sort(
            (a, b) => titleSimilarity(b.title, call.description) - titleSimilarity(a.title, call.description),
          );
        if (candidates[0]) return { kind: 'duplicate', existing: candidates[0] };
      }
      const blocker = await blockers.add(actor, {
        title: shortTitle(call.description),
        detail: call.description.length > CALL_TITLE_LENGTH ? call.description : null,
        source: 'hotline',
        reportingUnit: unit?.code ?? null,
        callerName: unit ? null : call.caller.trim(),
        callerPhone: call.phone ?? null,
      });
      return { kind: 'logged', blocker };
    },
  };
}

export type HotlineService = ReturnType<typeof hotlineService>;

/** How much of a call's description becomes its title (the rest is kept as the detail). */
const CALL_TITLE_LENGTH = 120;

/**
 * The unit a caller names: its code (`MOF`), or its English or Vietnamese name with or without
 * accents (`Bộ Tài chính`, `bo tai chinh`, `Ministry of Finance`). Null for a person or an unknown body.
 */
async function callerUnit(db: Db, caller: string): Promise<UnitRecord | null> {
  const byCode = await unitsRepo.byCode(db, caller.trim());
  if (byCode) return byCode;
  const name = foldText(caller);
  const hits = (await unitsRepo.all(db)).filter(
    (u) => foldText(u.name) === name || (u.nameVi !== null && foldText(u.nameVi) === name),
  );
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

/** The call's first sentence, cut at a word boundary, as the blocker's title. */
function shortTitle(text: string): string {
  const t = text.trim();
  if (t.length <= CALL_TITLE_LENGTH) return t;
  const cut = t.slice(0, CALL_TITLE_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).trimEnd()}…`;
}
