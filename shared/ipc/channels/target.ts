import { z } from 'zod';
import { invoke, push } from '../define';
import { parseSshTarget } from '../../model/sshTarget';

/**
 * Where the audit's operations run: this machine (the local helper) or one Linux gateway over
 * SSH (issue 12). The backend holds at most one gateway connection at a time; an audit started
 * while it is connected runs every step there, and says so in its view, its bundle and its report.
 */

/** `ssh://USER@HOST[:PORT]`, checked by the one parser (shared/model/sshTarget). */
export const sshTargetTextSchema = z
  .string()
  .trim()
  .max(300)
  .superRefine((text, ctx) => {
    const parsed = parseSshTarget(text, 'target');
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

/**
 * A file the auditor names on this machine (private key, known_hosts). Only the shape is
 * checked here; the backend's one chokepoint decides whether it may be read.
 */
const localFileSchema = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0'), { message: 'a file name cannot contain a NUL byte' });

/** A saved host: how to reach it, never a secret (no password field exists to be filled). */
export const targetProfileSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'give the profile a name')
      .max(60)
      .regex(/^[\p{L}\p{N} ._()-]+$/u, 'letters, digits, spaces and . _ ( ) - only'),
    target: sshTargetTextSchema,
    identityFile: localFileSchema.nullable().default(null),
    knownHostsFile: localFileSchema.nullable().default(null),
  })
  .strict();
export type TargetProfile = z.output<typeof targetProfileSchema>;

/** The gateway's host key as verified for this connection. */
export interface TargetHostKey {
  keyType: string;
  /** SHA256:… as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** Pinned in known_hosts, or accepted on first use by the auditor (then recorded there). */
  trust: 'known_hosts' | 'accepted-new';
}

export interface TargetState {
  /**
   * local: no gateway, operations run on this machine;
   * connecting: a connect is in progress;
   * connected: the gateway answers;
   * reconnecting / lost: the connection dropped; it is re-opened on next use (the gap is recorded).
   */
  state: 'local' | 'connecting' | 'connected' | 'reconnecting' | 'lost';
  /** ssh://user@host:port, or null for this machine. */
  target: string | null;
  hostKey: TargetHostKey | null;
  /** How privileged operations run on the gateway; null for this machine (see privileges.status). */
  privilege: 'root' | 'sudo-n' | 'sudo-password' | 'none' | null;
  /** What the gateway said about itself (uname -n, uname -r); null for this machine. */
  gateway: { hostname: string; kernelRelease: string } | null;
  /** One line: why the last connect or sudo attempt failed, or why the connection dropped. */
  message: string | null;
  /** Connection losses and recoveries since it was opened (also kept in the bundle of an audit). */
  events: Array<{ type: 'lost' | 'restored' | 'retry-failed'; at: string; detail: string }>;
  /** Whether this machine can run the collectors itself (Linux); elsewhere only a gateway or offline analysis. */
  local: { supported: boolean; reason: string | null };
}

export type TargetConnectResult =
  | { status: 'connected'; state: TargetState }
  /**
   * The gateway is not in known_hosts: nothing was sent to it. Show the fingerprint; connect
   * again with `trustFingerprint` set to it once the auditor confirmed it (out of band).
   */
  | { status: 'unknown-host-key'; keyType: string; fingerprint: string; knownHostsFile: string };

export const targetInvoke = {
  'target.state': invoke<TargetState>()(z.object({}).strict()),
  /**
   * Opens the gateway connection (closing any previous one). Passwords are used for this
   * connection only: never stored, never logged, never in evidence. Refused while an audit on
   * the current gateway is running a step.
   */
  'target.connect': invoke<TargetConnectResult>()(
    z
      .object({
        target: sshTargetTextSchema,
        /** Private key file on this machine; null: ssh-agent ($SSH_AUTH_SOCK) and/or the password. */
        identityFile: localFileSchema.nullable().default(null),
        /** OpenSSH known_hosts file; null: ~/.ssh/known_hosts. */
        knownHostsFile: localFileSchema.nullable().default(null),
        /** The account's login password, when it takes one. */
        loginPassword: z.string().max(1024).nullable().default(null),
        /** sudo's password on the gateway, used only if `sudo -n` is refused. */
        sudoPassword: z.string().max(1024).nullable().default(null),
        /** Trust an unknown host only if the key it presents has exactly this fingerprint. */
        trustFingerprint: z
          .string()
          .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'expected a SHA256:… fingerprint')
          .nullable()
          .default(null),
      })
      .strict(),
  ),
  /** sudo's password for a connected gateway whose `sudo -n` was refused (the privilege prompt reused). */
  'target.elevate': invoke<TargetState>()(z.object({ password: z.string().min(1).max(1024) }).strict()),
  /** Back to this machine; refused while a step runs on the gateway. */
  'target.disconnect': invoke<TargetState>()(z.object({}).strict()),
  'target.profiles': invoke<TargetProfile[]>()(z.object({}).strict()),
  /** Saves (or replaces, by name) a profile; returns them all. */
  'target.saveProfile': invoke<TargetProfile[]>()(targetProfileSchema),
  'target.deleteProfile': invoke<TargetProfile[]>()(z.object({ name: z.string().trim().min(1).max(60) }).strict()),
};

export const targetPush = {
  /** Every change of the connection (connected, dropped, restored, privilege): the header follows it. */
  'target.state': push<TargetState>(),
};
