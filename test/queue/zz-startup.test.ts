import { it } from 'vitest';
import { freshPgDatabase, testApp } from '/work/wt/queue/test/support/app.ts';

it('startup', async () => {
  let t = Date.now();
  const a = await testApp();
  console.log('pglite', Date.now() - t);
  t = Date.now();
  const db = await freshPgDatabase();
  const b = await testApp({ env: { DATABASE_URL: db.url } });
  console.log('pg', Date.now() - t);
  await a.close();
  await b.close();
  await db.drop();
});
