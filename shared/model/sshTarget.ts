import { z } from 'zod';

/**
 * `ssh://USER@HOST[:PORT]`: the one spelling of a remote target (CLI --target, saved profiles).
 * Parsed by hand, not by URL(): URL accepts credentials, paths, queries and percent-escapes we
 * never want to pass to ssh. The user is a POSIX-ish account name; the host a DNS name or an
 * IP literal (IPv6 in brackets). Nothing here can start with "-" (never an ssh option).
 */
export interface SshTarget {
  user: string;
  host: string;
  port: number;
}

const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const sshTargetSchema = z.object({
  user: z.string().regex(USER, 'user must be an account name (letters, digits, _ . -; not starting with - or a digit)'),
  host: z.union([z.ipv4(), z.ipv6(), z.string().regex(HOSTNAME)], { error: 'host must be a DNS name or an IP address' }),
  port: z.number().int().min(1, 'port must be 1 to 65535').max(65535, 'port must be 1 to 65535'),
});

const SHAPE = /^ssh:\/\/([^@/?#\s]+)@(\[[0-9A-Fa-f:.]+\]|[^:/?#\s[\]]+)(?::(\d{1,5}))?$/;

/** A target from text, or a one-line reason (the text is quoted shortened, never echoed whole). */
export function parseSshTarget(text: string, label = '--target'): { ok: true; target: SshTarget } | { ok: false; error: string } {
  const shown = JSON.stringify(text.slice(0, 60));
  const m = SHAPE.exec(text);
  if (!m) return { ok: false, error: `${label} ${shown}: expected ssh://USER@HOST[:PORT]` };
  const rawHost = m[2]!;
  const parsed = sshTargetSchema.safeParse({
    user: m[1],
    host: rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost,
    port: m[3] === undefined ? 22 : Number(m[3]),
  });
  if (!parsed.success) return { ok: false, error: `${label} ${shown}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  if (!rawHost.startsWith('[') && parsed.data.host.includes(':')) {
    return { ok: false, error: `${label} ${shown}: an IPv6 host goes in brackets, ssh://user@[::1]:22` };
  }
  return { ok: true, target: parsed.data };
}

/** How the target is written back (evidence, report cover): ssh://user@host:port. */
export function formatSshTarget(t: SshTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `ssh://${t.user}@${host}:${t.port}`;
}
