import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * A hostile peer of the loopback server: raw bytes on a TCP socket, so it can send what no
 * well-behaved HTTP or WebSocket client library would (unmasked frames, reserved opcodes,
 * request targets `new URL()` rejects, …).
 */

export { seededRandom as prng } from '../../support/seededRandom';

export interface Exchange {
  /** Everything the server sent before it closed (or before we gave up waiting). */
  response: Buffer;
  /** The server closed the connection (false: we stopped waiting and destroyed it). */
  closedByServer: boolean;
}

/**
 * Sends bytes and collects what comes back until the server closes. `halfClose: 'now'` ends
 * our side at once (fuzz cases: an incomplete request is then concluded by the server);
 * `'after-response'` ends it once a response head has arrived (crafted cases, whose answer
 * may be written after an asynchronous file read). The wait bound only keeps a stuck case
 * from stalling the suite; nothing is asserted on time.
 */
export function exchange(
  port: number,
  bytes: Buffer | string,
  halfClose: 'now' | 'after-response' = 'after-response',
  waitMs = 5_000,
): Promise<Exchange> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let ended = false;
    const endOnce = () => {
      if (ended) return;
      ended = true;
      socket.end();
    };
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      if (halfClose === 'now') endOnce();
    });
    let closedByServer = true;
    const timer = setTimeout(() => {
      closedByServer = false;
      socket.destroy();
    }, waitMs);
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      if (received.includes('\r\n\r\n')) endOnce();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response: received, closedByServer });
    });
  });
}

export function statusOf(response: Buffer): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(response.subarray(0, 32).toString('latin1'));
  return match ? Number(match[1]) : null;
}

export function httpGet(port: number, pathname: string, token: string, target = `/${token}/${pathname}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, agent: false, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

export function upgradeRequest(port: number, target: string, extra: Record<string, string> = {}): string {
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    Origin: `http://127.0.0.1:${port}`,
    ...extra,
  };
  const lines = Object.entries(headers)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

export interface FrameSpec {
  fin?: boolean;
  rsv?: number;
  opcode: number;
  payload?: Buffer | string;
  masked?: boolean;
  /** Lie about the length in the header (the payload sent is still `payload`). */
  declaredLength?: bigint;
}

/** One WebSocket frame as a client would write it (masked unless told otherwise). */
export function frame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const masked = spec.masked ?? true;
  const length = spec.declaredLength ?? BigInt(payload.length);
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(Number(length), 2);
    header[1] = 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(length, 2);
    header[1] = 127;
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, payload]);
  header[1]! |= 0x80;
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}

export interface ServerFrameRead {
  opcode: number;
  payload: Buffer;
}

/** Splits what the server sent after the handshake into frames (server frames are unmasked). */
export function readFrames(bytes: Buffer): ServerFrameRead[] {
  const frames: ServerFrameRead[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      if (start + 2 > bytes.length) break;
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > bytes.length) break;
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > bytes.length) break;
    frames.push({ opcode, payload: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

export function closeCodeOf(frames: ServerFrameRead[]): { code: number; reason: string } | null {
  const close = frames.find((f) => f.opcode === 0x8);
  if (!close || close.payload.length < 2) return null;
  return { code: close.payload.readUInt16BE(0), reason: close.payload.subarray(2).toString() };
}

/** An open raw WebSocket: the 101 has been read; `rest` holds any bytes that followed it. */
export interface RawWebSocket {
  socket: Socket;
  rest: Buffer;
}

export function rawHandshake(port: number, token: string): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(upgradeRequest(port, `/${token}/ws`)));
    let got = Buffer.alloc(0);
    socket.on('error', reject);
    const onData = (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('error', reject);
      socket.on('error', () => {});
      if (statusOf(got) !== 101) return reject(new Error(`handshake refused: ${got.subarray(0, end).toString()}`));
      resolve({ socket, rest: got.subarray(end + 4) });
    };
    socket.on('data', onData);
  });
}

/**
 * Writes bytes on an open raw WebSocket and returns what the server sent back (its frames,
 * including the close frame that names a violation). We half-close at once, or once what
 * came back satisfies `until` (for cases that expect replies before the end).
 */
export function sendOnWebSocket(
  ws: RawWebSocket,
  bytes: Buffer,
  until?: (frames: ServerFrameRead[]) => boolean,
  waitMs = 5_000,
): Promise<Exchange> {
  return new Promise((resolve) => {
    let received = ws.rest;
    let closedByServer = true;
    let ended = false;
    const endOnce = () => {
      if (ended) return;
      ended = true;
      ws.socket.end();
    };
    const timer = setTimeout(() => {
      closedByServer = false;
      ws.socket.destroy();
    }, waitMs);
    ws.socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      if (until?.(readFrames(received))) endOnce();
    });
    ws.socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response: received, closedByServer });
    });
    ws.socket.write(bytes, () => {
      if (!until) endOnce();
    });
  });
}
