/**
 * A message the system sends on its own (an announcement, a reminder, an escalation). It is data,
 * not text: it crosses the job queue as JSON and is put into words in the receiving chat's language.
 */
export interface Notice {
  /** The i18n template, e.g. `notice.escalated`. */
  kind: string;
  params: Record<string, string | number>;
  /** The record it is about; renderers add its buttons. */
  ref?: { type: 'blocker' | 'roadmap' | 'extension'; id: number };
  /**
   * Lines under the first one, each its own template (a list: the daily digest, the items a lead
   * still waits a report for), put into words in the receiving chat's language like the notice.
   */
  lines?: NoticeLine[];
}

/** One line of a notice's list: an i18n template and its values. */
export interface NoticeLine {
  kind: string;
  params: Record<string, string | number>;
}
