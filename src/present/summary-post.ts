import type { Reply } from '../domain/reply.ts';
import type { SummaryData } from '../domain/summary-model.ts';
import { summaryChart } from './chart.ts';
import { type Look, summaryReply } from './summary.ts';

/**
 * The summary as it is posted, asked for (`/summary`) or scheduled: the text and table, the chart,
 * and for the monthly monitoring report its `.docx`.
 */
export async function summaryPost(look: Look, data: SummaryData): Promise<Reply> {
  const reply: Reply = { ...summaryReply(look, data), images: [summaryChart(look.t, look.tz, data)] };
  if (data.period === 'month') {
    // docx is loaded when a report is made, not at start (it is ~11 MB of a server's memory).
    const { monthlyReportDocument } = await import('./monthly-docx.ts');
    reply.documents = [await monthlyReportDocument(look, data)];
  }
  return reply;
}
