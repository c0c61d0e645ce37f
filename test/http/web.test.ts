/**
 * The public read side over real HTTP: one app on PGlite and one server for every suite, since
 * building the working group is the slow part. The suites run in this order; the CSV and calendar
 * suites change records in their last tests, after the web view has been checked.
 */
import { afterAll, beforeAll } from 'vitest';
import { calendarTests } from './calendar.suite.ts';
import { exportCsvTests } from './export-csv.suite.ts';
import { type WebFixture, webFixture } from './fixture.ts';
import { summaryCommandTests } from './summary-command.suite.ts';
import { webViewTests } from './web-view.suite.ts';

let f: WebFixture | undefined;
const fixture = () => {
  if (!f) throw new Error('fixture not built');
  return f;
};
beforeAll(async () => {
  f = await webFixture();
});
afterAll(() => f?.close());

webViewTests(fixture);
summaryCommandTests(fixture);
exportCsvTests(fixture);
calendarTests(fixture);
