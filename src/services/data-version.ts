import { aggregatesRepo } from '../store/aggregates-repo.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * A cheap token that changes whenever any record changes: every change appends a history row and
 * moves the chain's head (one row, read by primary key). Caches of derived views key on it.
 */
export function dataVersion(deps: Pick<ServiceDeps, 'database'>): () => Promise<string> {
  return async () => String(await aggregatesRepo.historySeq(deps.database.db));
}
