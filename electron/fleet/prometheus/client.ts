import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parsePromMatrix, type PromSeries } from '../../../shared/baseline/prometheusResponse';
import { authorizationHeader, type PromAuth } from './credentials';

/** Something about Prometheus or its answer that stops the import: one line for the user. */
export class PrometheusRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusRefused';
  }
}

export interface PromClientOptions {
  /** Base URL of Prometheus (http or https), e.g. https://prom.example:9090/ or …/prometheus/ behind a proxy. */
  url: string;
  auth: PromAuth;
  /** PEM file of the CA that signed Prometheus' certificate (instead of the system's). */
  caFile?: string;
  timeoutMs?: number;
  /** An answer larger than this is refused rather than buffered. */
  maxBodyBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BODY = 256 * 1024 * 1024;

function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || (isIP(bare) === 4 && bare.startsWith('127.')) || bare === '::1';
}

/** The URL without anything secret, for messages and the evidence. */
export function publicPrometheusUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * A read-only client of Prometheus' HTTP API: range queries only. Redirects are not followed
 * (a redirect could carry the Authorization header elsewhere) and credentials never travel in
 * clear text to anything but this machine.
 */
export class PrometheusClient {
  readonly base: URL;
  private readonly ca: Buffer | undefined;
  queries = 0;

  constructor(private readonly options: PromClientOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new PrometheusRefused(`--prometheus ${JSON.stringify(options.url.slice(0, 120))} is not a URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new PrometheusRefused('--prometheus must be an http:// or https:// URL');
    if (base.username !== '' || base.password !== '') {
      throw new PrometheusRefused('--prometheus must not carry a user or password: use --basic-auth-file');
    }
    if (base.search !== '' || base.hash !== '') throw new PrometheusRefused('--prometheus must not carry a query or fragment');
    if (options.auth.kind !== 'none' && base.protocol === 'http:' && !isLoopback(base.hostname)) {
      throw new PrometheusRefused('refusing to send credentials over plain http to another machine: use an https:// URL (and --ca-file)');
    }
    if (options.caFile !== undefined && base.protocol !== 'https:') throw new PrometheusRefused('--ca-file needs an https:// URL');
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    try {
      this.ca = options.caFile === undefined ? undefined : readFileSync(options.caFile);
    } catch (error) {
      throw new PrometheusRefused(`--ca-file: cannot read ${JSON.stringify(options.caFile!.slice(0, 120))} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  /** One /api/v1/query_range call; the matrix, or PrometheusRefused with Prometheus' reason. */
  async queryRange(query: string, start: number, end: number, step: number): Promise<PromSeries[]> {
    const url = new URL('api/v1/query_range', this.base);
    const form = new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) }).toString();
    this.queries++;
    const { status, body } = await this.post(url, form);
    const parsed = parsePromMatrix(body);
    if (!parsed.ok) {
      throw new PrometheusRefused(status === 200 ? parsed.message : `Prometheus answered HTTP ${status}: ${parsed.message}`);
    }
    if (status !== 200) throw new PrometheusRefused(`Prometheus answered HTTP ${status}`);
    return parsed.series;
  }

  private post(url: URL, form: string): Promise<{ status: number; body: string }> {
    const authorization = authorizationHeader(this.options.auth);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(form)),
      accept: 'application/json',
      ...(authorization ? { authorization } : {}),
    };
    const maxBody = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const where = publicPrometheusUrl(this.base);
    return new Promise((resolve, reject) => {
      const onResponse = (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          return reject(new PrometheusRefused(`Prometheus at ${where} answered with a redirect (HTTP ${status}); give the final URL`));
        }
        if (status === 401 || status === 403) {
          res.resume();
          return reject(new PrometheusRefused(`Prometheus at ${where} refused the credentials (HTTP ${status})`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) {
            res.destroy();
            reject(new PrometheusRefused(`Prometheus' answer is larger than ${maxBody} bytes: use a larger --step`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => reject(new PrometheusRefused(`reading Prometheus' answer failed: ${error.message}`)));
      };
      const options = { method: 'POST', headers, timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(this.ca ? { ca: this.ca } : {}) };
      const req = url.protocol === 'https:' ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error: NodeJS.ErrnoException) => reject(new PrometheusRefused(`cannot query Prometheus at ${where}: ${error.code ?? error.message}`)));
      req.end(form);
    });
  }
}
