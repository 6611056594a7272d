import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Pids of processes whose real uid is `uid` (read from /proc; ended one by one by pid). */
export function pidsOfUid(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const m = /^Uid:\s+(\d+)/m.exec(status);
      if (m && Number(m[1]) === uid) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** A throw-away local user for the elevation tests (created and removed as root). */
export interface TestUser {
  name: string;
  uid: number;
  password: string;
  sudoersFile: string | null;
  remove(): void;
}

export function createTestUser(name: string, sudoCommand: string | null): TestUser {
  try {
    execFileSync('userdel', ['-r', name], { stdio: 'ignore' });
  } catch {
    // not there: fine
  }
  execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', name]);
  const password = `Pa-${randomBytes(12).toString('base64url')}`;
  execFileSync('chpasswd', [], { input: `${name}:${password}\n` });
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  let sudoersFile: string | null = null;
  if (sudoCommand !== null) {
    sudoersFile = `/etc/sudoers.d/${name}`;
    const rule = `${name} ALL=(root) ${sudoCommand}\n`;
    writeFileSync(sudoersFile, rule, { mode: 0o440 });
    // Refuse to leave a broken sudoers file behind.
    execFileSync('visudo', ['-cf', sudoersFile]);
  }
  return {
    name,
    uid,
    password,
    sudoersFile,
    remove() {
      if (sudoersFile) rmSync(sudoersFile, { force: true });
      // Only this throw-away user's own processes (started by the test), each by its pid.
      for (const pid of pidsOfUid(uid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      try {
        execFileSync('userdel', ['-r', name], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    },
  };
}
