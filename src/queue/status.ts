import type { Queue } from 'bullmq';
import type { QueueStatusView } from '../domain/ports.ts';

/** Queue depths and the latest failures of `queues`, for `/wg status` and the dashboard. */
export async function queueStatus(queues: readonly Queue[]): Promise<QueueStatusView> {
  const out: QueueStatusView = { queues: [], failed: [] };
  for (const q of queues) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    out.queues.push({
      name: q.name,
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
    });
    for (const j of await q.getFailed(0, 4)) {
      out.failed.push({
        queue: q.name,
        id: j.id ?? '',
        name: j.name,
        reason: j.failedReason ?? '',
        at: j.finishedOn ?? null,
      });
    }
  }
  return out;
}
