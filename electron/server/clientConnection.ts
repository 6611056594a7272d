import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { Envelope } from '../../shared/ipc/define';
import { clientFrameSchema, type ServerFrame } from '../../shared/ipc/loopbackFrames';
import type { BackendPort } from './loopbackServer';
import type { LoopbackLimits } from './limits';

/** WebSocket close codes (RFC 6455 §7.4.1). */
const UNSUPPORTED_DATA = 1003;
const INVALID_PAYLOAD = 1007;
const POLICY_VIOLATION = 1008;

function refused(message: string): Envelope<never> {
  return { ok: false, error: { code: 'failed', message } };
}

/** The request id of a frame that failed its schema, when it has a usable one to answer on. */
function idOf(parsed: unknown): number | null {
  const id = (parsed as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/**
 * One authenticated WebSocket client: its requests go to the dispatcher, replies and pushes
 * come back. Everything it can make the server hold is bounded (requests in flight, bytes
 * queued towards it), and whatever it does wrong ends at most its own connection.
 */
export function serveClient(ws: WebSocket, backend: BackendPort, limits: LoopbackLimits, log: (line: string) => void): void {
  const clientId = randomUUID();
  const name = `loopback client ${clientId.slice(0, 8)}`;
  let inFlight = 0;
  let released = false;

  // Idempotent: runs when the socket closes, or earlier when the client is dropped, so a
  // dropped client's samplers stop at once rather than when its close handshake times out.
  const release = () => {
    if (released) return;
    released = true;
    unsubscribe();
    backend.clientGone(clientId);
  };

  const drop = (code: number, reason: string) => {
    log(`${name} dropped: ${reason}`);
    release();
    ws.close(code, reason);
  };

  const send = (frame: ServerFrame) => {
    if (released || ws.readyState !== ws.OPEN) return;
    // A client that stops reading would otherwise make the server buffer without bound.
    if (ws.bufferedAmount > limits.maxQueuedBytes) {
      drop(POLICY_VIOLATION, `client too slow: over ${limits.maxQueuedBytes} bytes queued`);
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (error) {
      log(`${name}: a frame could not be serialised: ${String(error)}`);
      return;
    }
    ws.send(text);
  };

  const unsubscribe = backend.hub.subscribe((channel, payload) => send({ kind: 'push', channel, payload }), clientId);

  const handle = async (data: RawData, isBinary: boolean) => {
    if (isBinary) return drop(UNSUPPORTED_DATA, 'binary frames are not accepted: send JSON text');
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return drop(INVALID_PAYLOAD, 'a frame is not JSON');
    }
    const frame = clientFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = idOf(parsed);
      if (id === null) return drop(POLICY_VIOLATION, 'a frame is not {id, channel, payload}');
      return send({ kind: 'reply', id, envelope: { ok: false, error: { code: 'invalid-request', message: 'a frame is not {id, channel, payload}' } } });
    }
    const { id, channel, payload } = frame.data;
    if (inFlight >= limits.maxInFlight) {
      return send({ kind: 'reply', id, envelope: refused(`refused: ${limits.maxInFlight} requests of this client are still running; wait for their replies`) });
    }
    inFlight += 1;
    let envelope: Envelope<unknown>;
    try {
      envelope = await backend.dispatch(channel, payload, { binding: 'loopback', clientId });
    } catch (error) {
      // The dispatcher turns errors into data; a stand-in backend might not.
      log(`${name}: ${channel} threw: ${error instanceof Error ? error.message : String(error)}`);
      envelope = refused(`${channel} failed`);
    } finally {
      inFlight -= 1;
    }
    send({ kind: 'reply', id, envelope });
  };

  // ws has already answered a protocol violation (oversized, bad UTF-8, unmasked, reserved
  // opcode or bit, bad close code, bad control frame) with the matching close code; without
  // this listener the 'error' event would be thrown and end the whole server.
  ws.on('error', (error) => log(`${name}: ${error.message}`));
  ws.on('close', release);
  ws.on('message', (data, isBinary) => void handle(data, isBinary));
}
