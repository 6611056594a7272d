import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLI, serve, type Served } from '../support/serve';
import {
  closeCodeOf,
  exchange,
  frame,
  httpGet,
  prng,
  rawHandshake,
  readFrames,
  sendOnWebSocket,
  statusOf,
  upgradeRequest,
} from './loopbackPeer';

/**
 * The real `pptp-auditor serve` (dist/cli.cjs) under attack: request targets that made
 * `new URL()` throw, hostile headers, the nine WebSocket protocol violations written as raw
 * frames, hostile JSON, and seeded random HTTP and WebSocket byte streams. After every case
 * the process must be alive, must answer an authenticated request, and a client connected
 * since the start must still get its replies. No case may be accepted without the token.
 */

const FUZZ_SEED = 0x5eed_1010;
const HTTP_FUZZ_CASES = 130;
const WS_FUZZ_CASES = 130;

let served: Served;
let port = 0;
let token = '';
let stderr = '';
let bystander: WebSocket;
let nextId = 1;
const figures = { cases: 0, deaths: 0, acceptedWithoutToken: 0 };

function bystanderCall(channel: string, payload: unknown): Promise<{ ok: boolean }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString()) as { kind: string; id?: number; envelope?: { ok: boolean } };
      if (reply.kind === 'reply' && reply.id === id) {
        bystander.off('message', onMessage);
        bystander.off('close', onClose);
        resolve(reply.envelope!);
      }
    };
    const onClose = () => reject(new Error('the bystander client was disconnected'));
    bystander.on('message', onMessage);
    bystander.once('close', onClose);
    bystander.send(JSON.stringify({ id, channel, payload }));
  });
}

/** The invariant checked after every case. */
async function expectServerHealthy(): Promise<void> {
  figures.cases += 1;
  const alive = served.process.exitCode === null && served.process.signalCode === null;
  if (!alive) figures.deaths += 1;
  expect(alive, `serve died: ${stderr.slice(-2000)}`).toBe(true);
  expect(await httpGet(port, 'index.html', token)).toBe(200);
  expect(await bystanderCall('throughput.stop', { sessionId: randomUUID() })).toEqual({ ok: true, value: { stopped: false } });
}

/** A response that serves something (2xx, or 101 for a WebSocket) must have carried the token. */
function noteAcceptance(request: Buffer | string, response: Buffer): number | null {
  const status = statusOf(response);
  const accepted = status !== null && ((status >= 200 && status < 300) || status === 101);
  const isFavicon = /^GET \/favicon\.ico[ ?]/.test(request.toString('latin1'));
  if (accepted && !isFavicon && !request.toString('latin1').includes(token)) figures.acceptedWithoutToken += 1;
  return status;
}

function get(target: string, headers = `Host: 127.0.0.1:${port}\r\n`): string {
  return `GET ${target} HTTP/1.1\r\n${headers}\r\n`;
}

describe.skipIf(!existsSync(CLI))('loopback server under attack (dist/cli.cjs serve)', () => {
  beforeAll(async () => {
    served = await serve();
    served.process.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    const url = new URL(served.url);
    port = Number(url.port);
    token = url.pathname.split('/')[1]!;
    bystander = new WebSocket(`ws://127.0.0.1:${port}/${token}/ws`, { origin: `http://127.0.0.1:${port}` });
    await new Promise((resolve, reject) => {
      bystander.once('open', resolve);
      bystander.once('error', reject);
    });
  });

  afterAll(async () => {
    bystander?.terminate();
    await served?.stop();
    console.log(
      `loopback adversarial suite: ${figures.cases} cases, ${figures.deaths} deaths, ` +
        `${figures.acceptedWithoutToken} accepted without the token`,
    );
  });

  // The targets of the report, then their relatives: each one threw in new URL() or is a
  // classic of path confusion. Sent raw (like curl --path-as-is), as GET and as an upgrade.
  const unauthenticatedTargets = [
    '//', '///', '//:', '//[', '//%zz', '//@', '//a:b@c', '//[::1]', '//127.0.0.1:1/', '//%00',
    '/%', '/%zz', '/%%', '/%00', '/%ff', '/..', '/../..', '/%2e%2e/', '/./', '/\\', '/\\\\', '/?', '/#', '/;',
    '/:', '/[', '/@', '/index.html', '/ws', '/favicon.ico/..', '/favicon.ico%00', `/${'a'.repeat(8000)}`,
    '*', 'x', 'http://[/', 'http://127.0.0.1/', '/\u00e9', '/%c0%ae%c0%ae/',
  ];
  for (const target of unauthenticatedTargets) {
    it(`refuses GET ${JSON.stringify(target.slice(0, 40))} without crashing`, async () => {
      const request = get(target);
      const { response } = await exchange(port, request);
      const status = noteAcceptance(request, response);
      expect([400, 403]).toContain(status);
      await expectServerHealthy();
    });
    it(`refuses the upgrade ${JSON.stringify(target.slice(0, 40))} without crashing`, async () => {
      const request = upgradeRequest(port, target);
      const { response } = await exchange(port, request);
      expect([400, 403]).toContain(noteAcceptance(request, response));
      await expectServerHealthy();
    });
  }

  // The same confusions behind the token: refused or not found, never a file outside.
  const authenticatedTargets = (t: string) => [
    `/${t}//`, `/${t}/%zz`, `/${t}/..`, `/${t}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`, `/${t}/..%2f..%2f..%2fetc%2fpasswd`,
    `/${t}/%5c..%5c..%5cetc%5cpasswd`, `/${t}/assets/%00`, `/${t}/assets`, `/${t}/ws`, `/${t}/index.html/..`,
    `/${t}/[`, `/${t}/@`, `/${t}//etc/passwd`, `/${t}/%2fetc%2fpasswd`, `/${t}/assets/../../../../etc/passwd`,
  ];
  for (const [index] of authenticatedTargets('').entries()) {
    it(`authenticated path confusion #${index} reads nothing outside the renderer`, async () => {
      const request = get(authenticatedTargets(token)[index]!);
      const { response } = await exchange(port, request);
      const status = statusOf(response);
      expect([400, 404]).toContain(status);
      expect(response.toString()).not.toMatch(/root:.*:0:0:/);
      await expectServerHealthy();
    });
  }

  // Host, Origin, method and framing of the request itself.
  const headerAttacks: Array<[string, () => string, number[]]> = [
    ['a query string after the token (ignored)', () => get(`/${token}/index.html?x=%zz&y=//[`), [200]],
    ['no Host (HTTP/1.0)', () => `GET /${token}/ HTTP/1.0\r\n\r\n`, [403]],
    ['foreign Host', () => get(`/${token}/`, 'Host: evil.example\r\n'), [403]],
    ['Host with a suffix', () => get(`/${token}/`, `Host: 127.0.0.1:${port}.evil.example\r\n`), [403]],
    ['Host without port', () => get(`/${token}/`, 'Host: 127.0.0.1\r\n'), [403]],
    ['two Host headers', () => get(`/${token}/`, `Host: evil.example\r\nHost: 127.0.0.1:${port}\r\n`), [400, 403]],
    ['absolute-form with the token', () => get(`http://127.0.0.1:${port}/${token}/`), [403]],
    ['POST with a body', () => `POST /${token}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 3\r\n\r\nabc`, [405]],
    ['PUT', () => `PUT /${token}/x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\n\r\n`, [405]],
    ['OPTIONS *', () => `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, [403]],
    ['CONNECT', () => `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, [403]],
    ['CONNECT with the token', () => `CONNECT /${token}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, [405]],
    ['TRACE', () => `TRACE /${token}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, [405]],
    ['Content-Length with Transfer-Encoding', () => `GET /${token}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, [400]],
    ['bad chunked body', () => `GET /${token}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`, [200, 400]],
    ['64 KiB header', () => get(`/${token}/`, `Host: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(65536)}\r\n`), [431]],
    ['NUL in the target', () => `GET /${token}/\0 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, [400]],
    ['upgrade without Origin', () => upgradeRequest(port, `/${token}/ws`, { Origin: '' }), [403]],
    ['upgrade from a foreign Origin', () => upgradeRequest(port, `/${token}/ws`, { Origin: 'http://evil.example' }), [403]],
    ['upgrade from Origin null', () => upgradeRequest(port, `/${token}/ws`, { Origin: 'null' }), [403]],
    ['upgrade from a look-alike Origin', () => upgradeRequest(port, `/${token}/ws`, { Origin: `http://127.0.0.1:${port}.evil.example` }), [403]],
    ['upgrade over https Origin', () => upgradeRequest(port, `/${token}/ws`, { Origin: `https://127.0.0.1:${port}` }), [403]],
    ['upgrade with a foreign Host', () => upgradeRequest(port, `/${token}/ws`, { Host: 'evil.example' }), [403]],
    ['upgrade to another path', () => upgradeRequest(port, `/${token}/index.html`), [404]],
    ['upgrade with a bad key', () => upgradeRequest(port, `/${token}/ws`, { 'Sec-WebSocket-Key': 'short' }), [400]],
    ['upgrade without a key', () => upgradeRequest(port, `/${token}/ws`, { 'Sec-WebSocket-Key': '' }), [400]],
    ['upgrade to version 8 (hybi-08, which ws still speaks)', () => upgradeRequest(port, `/${token}/ws`, { 'Sec-WebSocket-Version': '8' }), [101]],
    ['upgrade to version 7', () => upgradeRequest(port, `/${token}/ws`, { 'Sec-WebSocket-Version': '7' }), [400]],
    ['upgrade to h2c', () => upgradeRequest(port, `/${token}/ws`, { Upgrade: 'h2c' }), [400]],
    ['upgrade asking for permessage-deflate', () => upgradeRequest(port, `/${token}/ws`, { 'Sec-WebSocket-Extensions': 'permessage-deflate' }), [101]],
    ['upgrade by POST', () => upgradeRequest(port, `/${token}/ws`).replace(/^GET/, 'POST'), [405]],
  ];
  for (const [name, build, statuses] of headerAttacks) {
    it(`${name}: answered ${statuses.join(' or ')}`, async () => {
      const request = build();
      const { response } = await exchange(port, request);
      expect(statuses).toContain(noteAcceptance(request, response));
      if (statuses.includes(101)) {
        // Compression stays off (no zip bombs): the server must not have agreed to it.
        expect(response.toString('latin1')).not.toMatch(/permessage-deflate/i);
      }
      await expectServerHealthy();
    });
  }

  // The nine protocol violations of the report, each on an authenticated socket, each
  // answered by closing THAT socket with the code RFC 6455 assigns.
  const MiB = 1024 * 1024;
  const violations: Array<[string, () => Buffer, number]> = [
    ['a message over the size limit (declared)', () => frame({ opcode: 1, declaredLength: BigInt(2 * MiB) }), 1009],
    ['a message over the size limit (fragments)', () => Buffer.concat([frame({ opcode: 1, fin: false, payload: 'x'.repeat(600_000) }), frame({ opcode: 0, payload: 'x'.repeat(600_000) })]), 1009],
    ['a 2^63-byte length', () => frame({ opcode: 2, declaredLength: 2n ** 63n }), 1009],
    ['invalid UTF-8 in a text message', () => frame({ opcode: 1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 1007],
    ['an unmasked frame', () => frame({ opcode: 1, payload: '{}', masked: false }), 1002],
    ['reserved opcode 3', () => frame({ opcode: 3, payload: 'x' }), 1002],
    ['reserved control opcode 0xB', () => frame({ opcode: 0xb }), 1002],
    ['RSV1 without an extension', () => frame({ opcode: 1, rsv: 4, payload: '{}' }), 1002],
    ['RSV2 and RSV3', () => frame({ opcode: 1, rsv: 3, payload: '{}' }), 1002],
    ['close code 999', () => frame({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) }), 1002],
    ['close code 1005 (reserved)', () => frame({ opcode: 8, payload: Buffer.from([0x03, 0xed]) }), 1002],
    ['close code 5000', () => frame({ opcode: 8, payload: Buffer.from([0x13, 0x88]) }), 1002],
    ['a one-byte close payload', () => frame({ opcode: 8, payload: Buffer.from([0x03]) }), 1002],
    ['a close reason of invalid UTF-8', () => frame({ opcode: 8, payload: Buffer.from([0x03, 0xe8, 0xff]) }), 1007],
    ['an oversized ping', () => frame({ opcode: 9, payload: Buffer.alloc(126) }), 1002],
    ['a fragmented ping', () => frame({ opcode: 9, fin: false, payload: 'x' }), 1002],
    ['a leading continuation', () => frame({ opcode: 0, payload: '{}' }), 1002],
    ['a new message inside a fragmented one', () => Buffer.concat([frame({ opcode: 1, fin: false, payload: '{' }), frame({ opcode: 1, payload: '}' })]), 1002],
  ];
  for (const [name, build, code] of violations) {
    it(`WebSocket violation: ${name} closes that client with ${code}`, async () => {
      const ws = await rawHandshake(port, token);
      const { response } = await sendOnWebSocket(ws, build());
      expect(closeCodeOf(readFrames(response))?.code).toBe(code);
      await expectServerHealthy();
    });
  }

  // Hostile application frames: each ends at most that client's connection, with a reason.
  type Frames = ReturnType<typeof readFrames>;
  const texts = (f: Frames) => f.filter((x) => x.opcode === 1).length;
  const hostileMessages: Array<[string, () => Buffer, (frames: Frames) => void, ((frames: Frames) => boolean)?]> = [
    ['not JSON', () => frame({ opcode: 1, payload: 'hello' }), (f) => expect(closeCodeOf(f)).toEqual({ code: 1007, reason: 'a frame is not JSON' })],
    ['a binary frame', () => frame({ opcode: 2, payload: '{}' }), (f) => expect(closeCodeOf(f)?.code).toBe(1003)],
    ['JSON without an id', () => frame({ opcode: 1, payload: '{"channel":"interfaces.list"}' }), (f) => expect(closeCodeOf(f)?.code).toBe(1008)],
    ['a negative id', () => frame({ opcode: 1, payload: '{"id":-1,"channel":"x","payload":{}}' }), (f) => expect(closeCodeOf(f)?.code).toBe(1008)],
    ['a huge id', () => frame({ opcode: 1, payload: '{"id":1e300,"channel":"x","payload":{}}' }), (f) => expect(closeCodeOf(f)?.code).toBe(1008)],
    ['a 10,000-character channel', () => frame({ opcode: 1, payload: JSON.stringify({ id: 7, channel: 'c'.repeat(10_000), payload: {} }) }), (f) => expect(f[0]!.payload.toString()).toMatch(/"id":7.*invalid-request/), (f) => texts(f) >= 1],
    ['an unknown channel', () => frame({ opcode: 1, payload: '{"id":8,"channel":"shell.exec","payload":{"cmd":"id"}}' }), (f) => expect(f[0]!.payload.toString()).toMatch(/unknown-channel/), (f) => texts(f) >= 1],
    ['JSON nested 200,000 deep', () => frame({ opcode: 1, payload: `${'['.repeat(200_000)}${']'.repeat(200_000)}` }), (f) => expect(closeCodeOf(f)?.code).toBeGreaterThanOrEqual(1007)],
    ['a __proto__ payload', () => frame({ opcode: 1, payload: '{"id":9,"channel":"interfaces.list","payload":{"__proto__":{"polluted":1}}}' }), (f) => expect(texts(f)).toBe(1), (f) => texts(f) >= 1],
    ['300 requests at once (in-flight bound)', () => Buffer.concat(Array.from({ length: 300 }, (_, i) => frame({ opcode: 1, payload: JSON.stringify({ id: i, channel: 'throughput.stop', payload: { sessionId: randomUUID() } }) }))), (f) => expect(texts(f)).toBe(300), (f) => texts(f) >= 300],
  ];
  for (const [name, build, check, until] of hostileMessages) {
    it(`hostile message: ${name}`, async () => {
      const ws = await rawHandshake(port, token);
      const { response } = await sendOnWebSocket(ws, build(), until);
      check(readFrames(response));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await expectServerHealthy();
    });
  }

  // Clients that vanish mid-exchange: a reset (RST) right after the request, before the answer
  // is written, so the server's write fails on a dead socket (EPIPE / ECONNRESET).
  const abrupt: Array<[string, () => string]> = [
    ['an authenticated GET', () => get(`/${token}/index.html`)],
    ['a refused GET', () => get('//[')],
    ['an authenticated upgrade', () => upgradeRequest(port, `/${token}/ws`)],
    ['a refused upgrade', () => upgradeRequest(port, '//')],
    ['a CONNECT', () => `CONNECT /${token}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
    ['half a request', () => get(`/${token}/index.html`).slice(0, 30)],
  ];
  for (const [name, build] of abrupt) {
    for (const delay of [0, 1]) {
      it(`a client that resets after ${name} (${delay ? 'next tick' : 'at once'})`, async () => {
        await new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(build());
            if (delay) setImmediate(() => socket.resetAndDestroy());
            else socket.resetAndDestroy();
          });
          socket.on('error', () => {});
          socket.on('close', () => resolve());
        });
        await expectServerHealthy();
      });
    }
  }

  // Seeded random HTTP byte streams: valid requests (with and without the token, plain and
  // upgrades) mutated by flips, insertions, deletions, duplications and truncations; and pure
  // noise. The seed of a failing case reproduces it.
  const random = prng(FUZZ_SEED);
  const httpSeeds = Array.from({ length: HTTP_FUZZ_CASES }, () => Math.floor(random() * 2 ** 32));
  const wsSeeds = Array.from({ length: WS_FUZZ_CASES }, () => Math.floor(random() * 2 ** 32));

  function mutate(input: Buffer, rand: () => number): Buffer {
    let bytes = Buffer.from(input);
    const steps = 1 + Math.floor(rand() * 6);
    for (let s = 0; s < steps; s++) {
      const at = Math.floor(rand() * (bytes.length + 1));
      const op = Math.floor(rand() * 6);
      const noise = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 16) }, () => Math.floor(rand() * 256)));
      if (op === 0 && bytes.length > 0) bytes[Math.min(at, bytes.length - 1)]! ^= 1 << Math.floor(rand() * 8);
      else if (op === 1) bytes = Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
      else if (op === 2) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + noise.length)]);
      else if (op === 3) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + 40), bytes.subarray(at)]);
      else if (op === 4) bytes = bytes.subarray(0, at);
      else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(['\r\n', '/', '%', ':', '[', '@', '\0', ' '][Math.floor(rand() * 8)]!), bytes.subarray(at)]);
    }
    return bytes;
  }

  httpSeeds.forEach((seed, n) => {
    it(`fuzz: random HTTP stream #${n} (seed ${seed})`, async () => {
      const rand = prng(seed);
      const templates = [
        () => get(`/${token}/index.html`),
        () => get('//'),
        () => get(`/${token.slice(0, 40)}/`),
        () => upgradeRequest(port, `/${token}/ws`),
        () => upgradeRequest(port, '//['),
        () => get('/favicon.ico'),
      ];
      const pick = Math.floor(rand() * (templates.length + 1));
      const request =
        pick === templates.length
          ? Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 2048) }, () => Math.floor(rand() * 256)))
          : mutate(Buffer.from(templates[pick]!()), rand);
      const { response } = await exchange(port, request, 'now');
      noteAcceptance(request, response);
      expect(figures.acceptedWithoutToken).toBe(0);
      await expectServerHealthy();
    });
  });

  // Seeded random WebSocket streams on authenticated sockets: well-formed calls with their
  // header bits, lengths and payload mutated, random frames of any opcode and flags, noise.
  wsSeeds.forEach((seed, n) => {
    it(`fuzz: random WebSocket stream #${n} (seed ${seed})`, async () => {
      const rand = prng(seed);
      const pieces: Buffer[] = [];
      const count = 1 + Math.floor(rand() * 5);
      for (let i = 0; i < count; i++) {
        const kind = Math.floor(rand() * 3);
        if (kind === 0) {
          const call = frame({ opcode: 1, payload: JSON.stringify({ id: i, channel: 'throughput.stop', payload: { sessionId: randomUUID() } }) });
          pieces.push(mutate(call, rand));
        } else if (kind === 1) {
          const payload = Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
          pieces.push(frame({ opcode: Math.floor(rand() * 16), fin: rand() < 0.7, rsv: rand() < 0.2 ? Math.floor(rand() * 8) : 0, masked: rand() < 0.9, payload }));
        } else {
          pieces.push(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 512) }, () => Math.floor(rand() * 256))));
        }
      }
      const ws = await rawHandshake(port, token);
      await sendOnWebSocket(ws, Buffer.concat(pieces));
      await expectServerHealthy();
    });
  });

  it('totals: at least 300 cases, 0 deaths, 0 accepted without the token', () => {
    expect(figures.cases).toBeGreaterThanOrEqual(300);
    expect(figures.deaths).toBe(0);
    expect(figures.acceptedWithoutToken).toBe(0);
  });
});
