import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/**
 * The first and only look at a request before it is admitted: Host, then Origin (WebSocket
 * upgrades), then the token, then the path. The request target is attacker-controlled bytes,
 * so it is split by hand and never handed to `new URL()` (which throws on `//`, `//[`, …);
 * nothing here throws, whatever the input.
 */
export type GateVerdict =
  | { ok: true; kind: 'app'; segments: string[] }
  | { ok: true; kind: 'favicon' }
  | { ok: true; kind: 'metrics' }
  | { ok: false; status: 400 | 403; message: string };

export interface GateKeys {
  token: string;
  port: number;
  /**
   * The scrape credential of /metrics (`serve --metrics-token-file`): a separate token, so a
   * Prometheus that can read findings cannot drive the backend. No /metrics without it.
   */
  metricsToken?: string;
}

interface GatedRequest {
  url?: string;
  headers: IncomingHttpHeaders;
}

const FORBIDDEN: GateVerdict = { ok: false, status: 403, message: 'forbidden' };

export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Browsers send Origin on every WebSocket handshake; a page of another origin is refused. */
function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/**
 * Percent-decodes each segment after the token. A segment that does not decode, or decodes to
 * something that could change directories (`.`, `..`, a slash, a backslash, NUL), refuses the
 * whole path: the static reader never sees it.
 */
function decodeSegments(raw: string[]): string[] | null {
  const segments: string[] = [];
  for (const [index, segment] of raw.entries()) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === '' && index !== raw.length - 1) return null;
    if (decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) return null;
    segments.push(decoded);
  }
  return segments;
}

export function admitRequest(req: GatedRequest, keys: GateKeys, upgrade: boolean): GateVerdict {
  if (!hostAllowed(req.headers.host, keys.port)) return FORBIDDEN;
  if (upgrade && !originAllowed(req.headers.origin, keys.port)) return FORBIDDEN;
  const target = req.url ?? '';
  // Origin-form only ("/…"): absolute-form and "*" are not requests a browser makes of us.
  if (!target.startsWith('/')) return FORBIDDEN;
  const pathname = target.split(/[?#]/, 1)[0] ?? '';
  // Browsers ask for it at the root, without the token; answering it reveals nothing.
  if (!upgrade && pathname === '/favicon.ico') return { ok: true, kind: 'favicon' };
  // Prometheus scrapes a fixed path and sends its credential as a bearer token (RFC 6750).
  if (!upgrade && pathname === '/metrics') {
    const given = /^Bearer ([\x21-\x7e]+)$/.exec(req.headers.authorization ?? '')?.[1];
    return keys.metricsToken !== undefined && given !== undefined && sameToken(given, keys.metricsToken) ? { ok: true, kind: 'metrics' } : FORBIDDEN;
  }
  const [, first, ...rest] = pathname.split('/');
  if (first === undefined || !sameToken(first, keys.token)) return FORBIDDEN;
  const segments = decodeSegments(rest);
  if (!segments) return { ok: false, status: 400, message: 'malformed path' };
  return { ok: true, kind: 'app', segments };
}
