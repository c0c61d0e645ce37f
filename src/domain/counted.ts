/**
 * Which blockers count (DESIGN.md `/blocker void`): every blocker but a void one, a mistaken
 * entry an admin took out. A void blocker keeps its row and its history (the chain stays
 * intact) and `/blocker show` still finds it, but it is in no count, list, export, calendar,
 * summary, reminder or web view. `countedBlocker` in src/store/blockers-repo.ts is the same
 * rule in SQL; the repository's ordinary reads apply it, so every reader gets it.
 */
export const isCounted = (b: { voidedAt: Date | null }): boolean => b.voidedAt === null;

/**
 * A hotline call nobody has triaged yet (status `new`, or closed without ever getting an owner
 * unit): its title is the caller's own words, so it is counted in public but never listed.
 * `privateCall` in src/store/blockers-repo.ts is the same rule in SQL.
 */
export const isPrivateCall = (b: { source: string; status: string; ownerUnitId: number | null }): boolean =>
  b.source === 'hotline' && (b.status === 'new' || b.ownerUnitId === null);
