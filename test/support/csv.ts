import { parse } from 'csv-parse/sync';

/**
 * CSV rows as a reader sees them (csv-parse: quotes respected, a doubled quote is one). `anyBreak`
 * reads as a spreadsheet program does: a CR, an LF or a CRLF outside quotes ends the row (Excel
 * and LibreOffice both break rows on a bare CR); otherwise only CRLF, as RFC 4180 and the export say.
 */
export function csvRows(text: string, opts: { anyBreak?: boolean } = {}): string[][] {
  return parse(text, {
    bom: true,
    relax_column_count: true,
    record_delimiter: opts.anyBreak ? ['\r\n', '\r', '\n'] : ['\r\n'],
  }) as string[][];
}
