import { deadlineReminder } from './deadline-reminder.ts';
import { deliver } from './deliver.ts';
import { digest } from './digest.ts';
import type { JobDef } from './job.ts';
import { overdueSweep } from './overdue-sweep.ts';
import { postSummary } from './post-summary.ts';
import { reconcile } from './reconcile.ts';
import { reportRequest } from './report-request.ts';

/** The jobs of the schedule queue, dispatched on `job.name`. */
export const scheduleJobs: JobDef[] = [
  deadlineReminder,
  overdueSweep,
  reconcile,
  postSummary,
  reportRequest,
  digest,
];

/** The job of every delivery queue. */
export const deliveryJobs: JobDef[] = [deliver];
