/** `npm run worker`: the job workers alone. The queue arrives with the scheduling issue. */
process.stdout.write('steerbot worker: no workers yet (reminders and scheduled jobs are not built).\n');
