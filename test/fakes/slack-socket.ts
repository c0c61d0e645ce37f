import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CallLog } from './call-log.ts';

/** One message the app sent back over the socket (an ack: `{ envelope_id, payload }`). */
export interface SocketAck {
  envelope_id: string;
  payload: Record<string, unknown>;
}

/** Slack's side of Socket Mode on the fake: the WebSocket `apps.connections.open` points at. */
export interface FakeSocketMode {
  /** `ws://127.0.0.1:<port>/socket-mode` */
  url: string;
  /** Resolves when an app has connected and been greeted with `hello`. */
  connected(): Promise<void>;
  /** Sends one envelope (`slash_commands`, `interactive`, `events_api`) and resolves with the app's ack. */
  send(type: string, payload: Record<string, unknown>, extra?: Record<string, unknown>): Promise<SocketAck>;
  acks: SocketAck[];
  close(): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One WebSocket frame (RFC 6455): FIN set, unmasked (server to client). */
function frame(opcode: number, data: Buffer): Buffer {
  const len = data.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, data]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

/** Reads the complete client frames (always masked) at the start of `buf`; returns them and the rest. */
function readFrames(buf: Buffer): { frames: Array<{ opcode: number; data: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; data: Buffer }> = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const opcode = (buf[at] ?? 0) & 0x0f;
    let len = (buf[at + 1] ?? 0) & 0x7f;
    let head = 2;
    if (len === 126) {
      if (buf.length - at < 4) break;
      len = buf.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (buf.length - at < 10) break;
      len = Number(buf.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (buf.length - at < head + 4 + len) break;
    const mask = buf.subarray(at + head, at + head + 4);
    const data = Buffer.from(buf.subarray(at + head + 4, at + head + 4 + len));
    for (let i = 0; i < data.length; i++) data[i] = (data[i] ?? 0) ^ (mask[i % 4] ?? 0);
    frames.push({ opcode, data });
    at += head + 4 + len;
  }
  return { frames, rest: buf.subarray(at) };
}

/**
 * A minimal Socket Mode endpoint on `server`: accepts one WebSocket at `/socket-mode`, greets it
 * with `hello`, answers pings with pongs and close with close, and records the app's acks.
 */
export function attachSocketMode(server: Server, origin: string): FakeSocketMode {
  let socket: Duplex | undefined;
  let greeted: () => void = () => {};
  let hello = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  const log = new CallLog<SocketAck>((a) => JSON.stringify(a));
  const write = (opcode: number, data: Buffer) => socket?.write(frame(opcode, data));

  server.on('upgrade', (req: IncomingMessage, sock: Duplex) => {
    if (!req.url?.startsWith('/socket-mode')) return void sock.destroy();
    const key = req.headers['sec-websocket-key'] ?? '';
    const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
    sock.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket = sock;
    let pending: Buffer = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const f of frames) {
        if (f.opcode === 0x9) write(0xa, f.data);
        else if (f.opcode === 0x8) {
          write(0x8, f.data);
          sock.end();
        } else if (f.opcode === 0x1) log.record(JSON.parse(f.data.toString('utf8')) as SocketAck);
      }
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      if (socket === sock) socket = undefined;
      hello = new Promise<void>((resolve) => {
        greeted = resolve;
      });
    });
    const greeting = { type: 'hello', num_connections: 1, connection_info: { app_id: 'ASTEERBOT' } };
    write(0x1, Buffer.from(JSON.stringify(greeting)));
    greeted();
  });

  return {
    url: `${origin.replace(/^http/, 'ws')}/socket-mode`,
    connected: () => hello,
    acks: log.calls,
    async send(type, payload, extra = {}) {
      const envelopeId = randomUUID();
      write(
        0x1,
        Buffer.from(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
            ...extra,
          }),
        ),
      );
      return log.waitFor((a) => a.envelope_id === envelopeId);
    },
    close() {
      socket?.destroy();
      socket = undefined;
    },
  };
}
