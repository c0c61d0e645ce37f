import type { Config } from '../config.ts';
import type { Clock, QueueStatusView } from '../domain/ports.ts';
import { blockerEditService } from './blocker-edit.ts';
import { blockerFlowService } from './blocker-flow.ts';
import { blockerQueries } from './blocker-queries.ts';
import { blockersService } from './blockers.ts';
import { calendarService } from './calendar.ts';
import { dataVersion } from './data-version.ts';
import type { ServiceDeps } from './deps.ts';
import { digestService } from './digest.ts';
import { dueItemsService } from './due-items.ts';
import { escalationService } from './escalation.ts';
import { extensionsService } from './extensions.ts';
import { feedsService } from './feeds.ts';
import { hotlineService } from './hotline.ts';
import { identityService } from './identity.ts';
import { importService } from './import.ts';
import { inboxService } from './inbox.ts';
import { ledgerService } from './ledger.ts';
import { outboxService } from './outbox.ts';
import { PublicView } from './public-view.ts';
import { roadmapService } from './roadmap.ts';
import { summaryService } from './summary.ts';
import { unitsService } from './units.ts';

/**
 * Every use case, wired to the same ports. Commands, jobs and adapters get this object; the raw
 * database and the ports (`ServiceDeps`) stay inside: only the clock (every "now") and the
 * configuration are handed on.
 */
export function createServices(deps: ServiceDeps) {
  const blockers = blockersService(deps);
  const roadmap = roadmapService(deps);
  const due = dueItemsService(deps);
  const extensions = extensionsService(deps);
  const calendar = calendarService(deps);
  return {
    /** The one "now" of this process (a test clock in tests). */
    clock: deps.clock as Clock,
    config: deps.config as Config,
    identity: identityService(deps),
    inbox: inboxService(deps),
    units: unitsService(deps),
    blockers,
    flow: blockerFlowService(deps),
    edits: blockerEditService(deps),
    queries: blockerQueries(deps),
    hotline: hotlineService(deps, blockers),
    roadmap,
    extensions,
    feeds: feedsService(deps),
    importer: importService(deps),
    due,
    /** The working calendar (`/wg holiday`): every working-day rule reads `calendar.get()`. */
    calendar,
    /** `/wg digest` and the daily digest. */
    digest: digestService(deps, due, extensions, calendar),
    escalation: escalationService(deps),
    ledger: ledgerService(deps),
    outbox: outboxService(deps),
    summary: summaryService(deps, calendar),
    /** The public web view's and the exports' reads (nothing private). */
    publicView: new PublicView(deps, roadmap),
    /** A token that changes whenever any record changes (caches of derived views key on it). */
    dataVersion: dataVersion(deps),
    /** Queue depths and the latest failed jobs (`/wg status`); null when there is no queue. */
    queueStatus: (): Promise<QueueStatusView | null> => deps.scheduler.status(),
  };
}

export type Services = ReturnType<typeof createServices>;
