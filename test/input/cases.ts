/**
 * What people type, and what each input must store or the one-line error it must get: one table
 * run by every adapter (console, Slack, Telegram) in `conformance.test.ts`.
 */

/** The units and the roadmap item every run starts with (an admin types them). */
export const SETUP = [
  '/unit add MOF "Ministry of Finance" block:government kind:ministry vi:"Bộ Tài chính"',
  '/unit add MIC "Ministry of Information and Communications" block:government kind:ministry vi:"Bộ Thông tin và Truyền thông"',
  '/unit add HUE "Hue City" block:government kind:locality vi:"Thành phố Huế"',
  '/unit add MOHA "Ministry of Home Affairs" block:government kind:ministry vi:"Bộ Nội vụ"',
  '/roadmap add MOF National finance database due:+60d',
];

/** The newest blocker must hold these. `due` is a DATE read at the time of the test. */
export interface StoredBlocker {
  title?: string;
  owner?: string | null;
  due?: string | null;
  phone?: string | null;
  status?: string;
  category?: string;
  priority?: string;
  caller?: string | null;
}

export interface Case {
  /** What a person types, exactly. */
  typed: string;
  /** The newest blocker after it (a new one must have been logged). */
  blocker?: StoredBlocker;
  /** R-1's latest reported percent. */
  percent?: number;
  /** Whether MOHA is on the watch list. */
  alert?: boolean;
  /** Words the reply must contain (a success). */
  says?: string;
  /** Words the one-line error must contain; nothing is stored. */
  error?: string;
}

const LONG = 'x'.repeat(4001);

export const CASES: Case[] = [
  // Quotes of every kind stay in titles.
  {
    typed: '/blocker add Đề án “06” chậm triển khai owner:MOF',
    blocker: { title: 'Đề án “06” chậm triển khai', owner: 'MOF' },
  },
  {
    typed: '/blocker add Đề án "06" chưa phê duyệt owner:MIC',
    blocker: { title: 'Đề án "06" chưa phê duyệt', owner: 'MIC' },
  },
  {
    typed: "/blocker add 'dịch vụ công' chưa kết nối",
    blocker: { title: "'dịch vụ công' chưa kết nối", owner: null, status: 'new' },
  },
  { typed: "/blocker add Cổng 'một cửa chưa chạy", blocker: { title: "Cổng 'một cửa chưa chạy" } },
  { typed: "/blocker add MOF's portal isn't up", blocker: { title: "MOF's portal isn't up" } },
  {
    typed: '/blocker add Decree «13» and ‘the annex’ owner:MOF',
    blocker: { title: 'Decree «13» and ‘the annex’', owner: 'MOF' },
  },
  // `key: value` is the same option as `key:value`.
  {
    typed: '/blocker add owner: MOF Data platform due: +3d',
    blocker: { title: 'Data platform', owner: 'MOF', due: '+3d', status: 'open' },
  },
  {
    typed: '/blocker add Data exchange owner:MIC due:+2w prio:high cat:databases_platforms',
    blocker: {
      title: 'Data exchange',
      owner: 'MIC',
      due: '+2w',
      priority: 'high',
      category: 'databases_platforms',
    },
  },
  // Dates and phones run to the next option or the end.
  {
    typed: '/blocker add Hạ tầng mạng due:ngày mai owner:MIC',
    blocker: { title: 'Hạ tầng mạng', due: 'ngày mai', owner: 'MIC' },
  },
  { typed: '/blocker add Báo cáo quý due:thứ sáu', blocker: { title: 'Báo cáo quý', due: 'thứ sáu' } },
  {
    typed: '/blocker add due:fri Data sharing decree',
    blocker: { title: 'Data sharing decree', due: 'fri' },
  },
  {
    typed: '/blocker add Lịch họp due:"31/12/2099 09:30"',
    blocker: { title: 'Lịch họp', due: '31/12/2099 09:30' },
  },
  {
    typed: '/hotline HUE: cổng thanh toán học phí không hoạt động phone:0234 3822 123',
    blocker: { title: 'cổng thanh toán học phí không hoạt động', phone: '0234 3822 123', status: 'new' },
  },
  {
    typed: '/hotline Anh Minh: mất kết nối phone: +84 (912) 345 678',
    blocker: { title: 'mất kết nối', phone: '+84 (912) 345 678', caller: 'Anh Minh' },
  },
  // Words with a colon that are not options stay text.
  {
    typed: '/blocker add Note: call back at 09:30, see https://mof.gov.vn/a?b=c:d',
    blocker: { title: 'Note: call back at 09:30, see https://mof.gov.vn/a?b=c:d' },
  },
  {
    typed: '/blocker add Application form: not accepted',
    blocker: { title: 'Application form: not accepted' },
  },
  // Units by code or name, in either language, accents and case optional.
  {
    typed: '/blocker add Giải ngân chậm owner:"Bộ Tài chính"',
    blocker: { title: 'Giải ngân chậm', owner: 'MOF' },
  },
  {
    typed: '/blocker add Giải ngân vốn owner:"Bo Tai chinh"',
    blocker: { title: 'Giải ngân vốn', owner: 'MOF' },
  },
  { typed: '/blocker add Budget owner:"ministry of finance"', blocker: { title: 'Budget', owner: 'MOF' } },
  { typed: '/blocker add Budget plan owner:mof', blocker: { title: 'Budget plan', owner: 'MOF' } },
  // Invisible characters never reach a title.
  { typed: '/blocker add Cổng\u202e dữ\u200b liệu', blocker: { title: 'Cổng dữ liệu' } },
  // Percent with a decimal comma or point (a whole percent is stored).
  { typed: '/roadmap report R-1 60,5% đúng tiến độ', percent: 60.5 },
  { typed: '/roadmap report R-1 60.5% on plan', percent: 60.5 },
  { typed: '/roadmap report R-1 70.4 %', percent: 70.4 },
  { typed: '/roadmap report R-1 75', percent: 75 },
  // Vietnamese keywords.
  { typed: '/unit alert MOHA bật', alert: true },
  { typed: '/unit alert MOHA tắt', alert: false },
  { typed: '/unit alert "Bộ Nội vụ" on', alert: true },
  { typed: '/unit alert Bộ Nội vụ tắt', alert: false },
  { typed: '/blocker assign B-1 Bộ Tài chính', says: 'B-1 is now owned by MOF' },
  {
    typed: '/blocker assign B-1 "Ministry of Information and Communications"',
    says: 'B-1 is now owned by MIC',
  },
  { typed: '/summary tuần', says: 'Weekly summary' },
  { typed: '/blocker list quá hạn', says: 'overdue' },
  { typed: '/blocker list của tôi', says: 'mine' },
  { typed: '/blocker list mới', says: 'new' },
  { typed: '/blocker list đã giải quyết', says: 'resolved' },
  { typed: '/blocker list tất cả', says: 'all' },
  { typed: '/blocker ds mở', says: 'open' },
  { typed: '/blocker thêm Kết nối “VNeID” owner:MIC', blocker: { title: 'Kết nối “VNeID”', owner: 'MIC' } },
  // Mistakes: one line that says what was wrong, nothing stored.
  { typed: '/bloker list', error: 'did you mean /blocker?' },
  { typed: '/blocker lsit', error: 'did you mean /blocker list?' },
  { typed: '/blocker add Data ownr:MOF', error: 'unknown option ownr: — did you mean owner:?' },
  { typed: '/blocker add Data owner:MOFF', error: 'did you mean MOF?' },
  { typed: '/blocker add Data owner:Ministry', error: 'fits several units' },
  { typed: '/blocker add Data due:someday', error: 'is not a date' },
  { typed: '/blocker add Data unit:MOF', error: 'unknown option unit:' },
  { typed: '/blocker add owner:MOF', error: 'title' },
  { typed: `/blocker add ${LONG}`, error: 'the title is too long (at most 300 characters)' },
  { typed: `/blocker note B-1 ${LONG}`, error: 'note is too long: 4001 characters, at most 4000' },
  {
    typed: `/blocker note B-1 ${'x'.repeat(100_000)}`,
    error: 'command is too long: 100018 characters, at most 16000',
  },
  { typed: `/hotline HUE: ${LONG}`, error: 'description is too long: 4001 characters, at most 4000' },
  { typed: '/blocker list quá', error: 'not a valid list filter' },
  { typed: '/unit alert MOHA maybe', error: 'not a valid state' },
  { typed: '/roadmap report R-1 lots', error: 'missing <percent>%' },
];
