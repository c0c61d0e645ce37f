import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BLOCKS, UNIT_KINDS } from './domain/types.ts';
import type { Actor } from './services/deps.ts';
import type { Services } from './services/index.ts';
import type { NewUnit } from './services/units.ts';

const seedFile = fileURLToPath(new URL('../seed/units.json', import.meta.url));

const unitSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,11}$/),
  name: z.string().min(1),
  name_vi: z.string().min(1).optional(),
  block: z.enum(BLOCKS),
  kind: z.enum(UNIT_KINDS),
});

/** The unit directory from `seed/units.json` (the units the working group's reports name). */
export async function loadSeedUnits(file = seedFile): Promise<NewUnit[]> {
  const list = z.array(unitSchema).parse(JSON.parse(await readFile(file, 'utf8')));
  return list.map((u) => ({
    code: u.code,
    name: u.name,
    nameVi: u.name_vi ?? null,
    block: u.block,
    kind: u.kind,
  }));
}

/** Loads the directory into an empty database; returns how many units were added (0 if any existed). */
export async function seedIfEmpty(services: Services, actor: Actor): Promise<number> {
  if ((await services.units.count()) > 0) return 0;
  return services.units.seed(actor, await loadSeedUnits());
}
