import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { targetProfileSchema, type TargetProfile } from '../../shared/ipc/channels/target';
import { writeOutputFile } from '../evidence/safeWrite';

/** The start form offers a handful of gateways, not an address book. */
export const MAX_PROFILES = 100;
/** 100 profiles of at most ~9 KiB each (two 4 KiB paths) fit well below this. */
const MAX_FILE_BYTES = 1024 * 1024;

/** The profiles file is refused as a whole (hand-edited, or holding a field that must not exist). */
export class ProfilesRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfilesRefused';
  }
}

const profilesFileSchema = z.array(targetProfileSchema).max(MAX_PROFILES, `more than ${MAX_PROFILES} profiles`);

/**
 * Saved gateways (how to reach them, never a secret) in `<data>/target-profiles.json`, beside the
 * audits folder: ~/.local/share/pptp-auditor/target-profiles.json by default. Read through the
 * contract's strict schema: a file with anything else in it (a "password" someone added by hand)
 * is refused whole, in one line, never silently stripped and rewritten. Written atomically, 0600.
 */
export class TargetProfiles {
  constructor(private readonly file: string) {}

  /** `<audits root>/../target-profiles.json`. */
  static besideAudits(auditsRoot: string): TargetProfiles {
    return new TargetProfiles(path.join(path.dirname(path.resolve(auditsRoot)), 'target-profiles.json'));
  }

  get path(): string {
    return this.file;
  }

  list(): TargetProfile[] {
    const text = this.readText();
    if (text === null) return [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ProfilesRefused(`${this.file} is not valid JSON; fix or remove it (it is not rewritten while it cannot be read)`);
    }
    const parsed = profilesFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
      throw new ProfilesRefused(`${this.file} is refused as a whole: ${issue?.message ?? 'invalid'}${where}; fix or remove it`);
    }
    return parsed.data;
  }

  /** Saves or replaces (by name, case-insensitively) one profile; returns them all. */
  save(profile: TargetProfile): TargetProfile[] {
    const checked = targetProfileSchema.parse(profile);
    const others = this.list().filter((p) => p.name.toLowerCase() !== checked.name.toLowerCase());
    if (others.length >= MAX_PROFILES) throw new ProfilesRefused(`${MAX_PROFILES} profiles are saved already (the limit); delete one first`);
    const next = [...others, checked].sort((a, b) => a.name.localeCompare(b.name));
    this.write(next);
    return next;
  }

  delete(name: string): TargetProfile[] {
    const all = this.list();
    const next = all.filter((p) => p.name.toLowerCase() !== name.trim().toLowerCase());
    if (next.length !== all.length) this.write(next);
    return next;
  }

  private write(profiles: TargetProfile[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeOutputFile(this.file, `${JSON.stringify(profiles, null, 2)}\n`, 0o600);
  }

  /** The file's text, or null when there is none; never follows a link, never blocks on a FIFO. */
  private readText(): string | null {
    let fd: number;
    try {
      fd = openSync(this.file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new ProfilesRefused(`${this.file} cannot be read (${code === 'ELOOP' ? 'it is a symbolic link' : (code ?? 'error')})`);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new ProfilesRefused(`${this.file} is not a regular file`);
      const buffer = Buffer.alloc(Math.min(st.size, MAX_FILE_BYTES) + 1);
      let length = 0;
      for (;;) {
        const n = readSync(fd, buffer, length, buffer.length - length, null);
        if (n === 0 || (length += n) === buffer.length) break;
      }
      if (length > MAX_FILE_BYTES) throw new ProfilesRefused(`${this.file} is larger than ${MAX_FILE_BYTES / 1024} KiB`);
      return buffer.subarray(0, length).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}
