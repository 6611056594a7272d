import { readFileSync } from 'node:fs';

/** How the importer authenticates to Prometheus: what goes into the Authorization header. */
export type PromAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; user: string; password: string };

/** A credential that cannot be used, with the reason in one line (never the secret itself). */
export class CredentialRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialRefused';
  }
}

const MAX_SECRET_BYTES = 4096;

/**
 * A secret file's one line: read whole, one trailing newline dropped. Control characters are
 * refused (a CR/LF would split the HTTP header), so is an empty or oversized file.
 */
export function readSecretLine(file: string, option: string): string {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_SECRET_BYTES) throw new CredentialRefused(`${option}: the file is larger than ${MAX_SECRET_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof CredentialRefused) throw error;
    throw new CredentialRefused(`${option}: cannot read ${JSON.stringify(file.slice(0, 120))} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const line = text.replace(/\r?\n$/, '');
  if (line === '') throw new CredentialRefused(`${option}: the file is empty`);
  if (/[\u0000-\u001f\u007f]/.test(line)) throw new CredentialRefused(`${option}: the file must hold one line without control characters`);
  return line;
}

export function readPromAuth(files: { bearerTokenFile?: string; basicAuthFile?: string }): PromAuth {
  if (files.bearerTokenFile !== undefined && files.basicAuthFile !== undefined) {
    throw new CredentialRefused('give --bearer-token-file or --basic-auth-file, not both');
  }
  if (files.bearerTokenFile !== undefined) return { kind: 'bearer', token: readSecretLine(files.bearerTokenFile, '--bearer-token-file') };
  if (files.basicAuthFile !== undefined) {
    const line = readSecretLine(files.basicAuthFile, '--basic-auth-file');
    const colon = line.indexOf(':');
    if (colon <= 0) throw new CredentialRefused('--basic-auth-file: the file must hold user:password on one line');
    return { kind: 'basic', user: line.slice(0, colon), password: line.slice(colon + 1) };
  }
  return { kind: 'none' };
}

export function authorizationHeader(auth: PromAuth): string | null {
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
  return null;
}
