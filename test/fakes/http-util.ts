import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One file part of a multipart/form-data body. */
export interface UploadedFile {
  /** The form field the part came in (grammY: a random attach id; Slack: `file` or `body`). */
  field: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** A request body decoded the way the platforms decode it: JSON, urlencoded form or multipart. */
export interface ParsedBody {
  fields: Record<string, unknown>;
  files: UploadedFile[];
  raw: Buffer;
  /** `json`, `form`, `multipart`, or `raw` for anything else (e.g. a bare upload). */
  kind: 'json' | 'form' | 'multipart' | 'raw';
}

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Decodes a body by its content type; a malformed JSON body throws (callers answer 400). */
export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const text = raw.toString('utf8');
    const value: unknown = text.trim() === '' ? {} : JSON.parse(text);
    const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    return { fields, files: [], raw, kind: 'json' };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) fields[k] = v;
    return { fields, files: [], raw, kind: 'form' };
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (type.startsWith('multipart/form-data') && boundary) {
    return { ...parseMultipart(raw, boundary[1] ?? boundary[2] ?? ''), raw, kind: 'multipart' };
  }
  return { fields: {}, files: [], raw, kind: 'raw' };
}

/**
 * A lenient multipart/form-data parser: grammY writes headers as `content-disposition:form-data;name="x"`
 * (no spaces, unquoted filename), undici's FormData writes the canonical form; both are accepted.
 */
function parseMultipart(raw: Buffer, boundary: string): Pick<ParsedBody, 'fields' | 'files'> {
  const fields: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    if (raw.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (raw.subarray(end - 2, end).toString() === '\r\n') end -= 2;
    const part = raw.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const data = part.subarray(headerEnd + 4);
      const name = /(?:^|[;\s])name="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      const filename = /filename\*?="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      const partType = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim();
      if (name !== undefined && filename === undefined) fields[name] = data.toString('utf8');
      else if (name !== undefined) {
        files.push({ field: name, filename, contentType: partType, data: Buffer.from(data) });
      }
    }
    pos = next;
  }
  return { fields, files };
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** A started local server and its origin (`http://127.0.0.1:<port>`). */
export interface Listening {
  server: Server;
  origin: string;
  /** Closes the server and drops every open (keep-alive or hanging) connection at once. */
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 and an ephemeral port. Handler errors become HTTP 500 so a bug in a
 * fake shows up as a failed call, not as a hung client.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<Listening> {
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: String(err) });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
