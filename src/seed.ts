import { createApp } from './app.ts';
import { ConfigError } from './config.ts';
import { loadSeedUnits } from './seed-data.ts';

/** `npm run seed`: loads `seed/units.json` into the database; units that exist are left alone. */
async function seed(): Promise<void> {
  const app = await createApp();
  try {
    const units = await loadSeedUnits();
    const actor = await app.services.identity.resolve(
      { platform: 'console', id: app.config.USER, name: app.config.USER },
      { asAdmin: true },
    );
    const added = await app.services.units.seed(actor, units);
    process.stdout.write(`Seeded ${added} new units (${units.length - added} already there).\n`);
  } finally {
    await app.close();
  }
}

seed().catch((err: unknown) => {
  process.stderr.write(
    `steerbot seed: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
