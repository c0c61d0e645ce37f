import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BackupError, type BackupHeader, type BackupService, type RestoreResult } from './backup.ts';

/**
 * Writes the backup to `file`, gzip'd, streamed (20,000 blockers never sit in one string). It is
 * written beside it first and renamed at the end, so `file` is only ever a whole backup.
 */
export async function writeBackupFile(service: BackupService, file: string): Promise<BackupHeader> {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(partial));
  done.catch(() => {}); // awaited below; a failed write also ends the wait for 'drain'
  try {
    const header = await service.write(async (chunk) => {
      if (!gzip.write(chunk)) await Promise.race([once(gzip, 'drain'), done]);
    });
    gzip.end();
    await done;
    await rename(partial, file);
    return header;
  } catch (err) {
    gzip.destroy();
    await done.catch(() => {});
    await rm(partial, { force: true });
    throw err;
  }
}

/** The lines of a gzip'd backup file, read as they are needed (a cut or unreadable file throws). */
export async function* backupFileLines(file: string): AsyncGenerator<string> {
  const raw = createReadStream(file);
  const input = raw.pipe(createGunzip());
  raw.on('error', (err) => input.destroy(err));
  input.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
    if (rest) yield rest;
  } catch (err) {
    // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR): not gzip, or cut short.
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_'))
      throw new BackupError(`not a whole gzip'd steerbot backup (${(err as Error).message})`);
    throw err;
  } finally {
    raw.destroy();
    input.destroy();
  }
}

/** Restores `file` into the service's (empty) database. */
export function restoreBackupFile(service: BackupService, file: string): Promise<RestoreResult> {
  return service.restore(backupFileLines(file));
}
