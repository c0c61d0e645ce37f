import { UserError } from '../domain/errors.ts';
import type { UnitRecord } from '../domain/records.ts';
import { matchUnit } from '../domain/similarity.ts';
import type { Db } from '../store/db.ts';
import { unitsRepo } from '../store/units-repo.ts';

/**
 * Looks a unit up by code or by its English or Vietnamese name (accents and case optional), or
 * says clearly that there is none (with the nearest one) or that the name fits several.
 */
export async function requireUnit(db: Db, code: string): Promise<UnitRecord> {
  const unit = await unitsRepo.byCode(db, code.trim());
  if (unit) return unit;
  const found = matchUnit(await unitsRepo.all(db), code);
  if ('unit' in found) return found.unit;
  if ('several' in found)
    throw new UserError('unit.ambiguous', {
      unit: code,
      units: found.several.map((u) => `${u.code} (${u.nameVi ?? u.name})`).join(', '),
    });
  if (found.suggestion)
    throw new UserError('unit.unknown_near', { unit: code, suggestion: found.suggestion });
  throw new UserError('unit.unknown', { unit: code.toUpperCase() });
}
