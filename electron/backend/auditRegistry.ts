import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { UserFacingError } from './dispatcher';

/**
 * Audits the backend has opened, by id. The renderer only ever names an id: a folder path
 * never crosses IPC, so a compromised page cannot make the backend read elsewhere.
 */
export class AuditRegistry {
  private readonly dirs = new Map<string, string>();

  register(dir: string): string {
    const resolved = path.resolve(dir);
    for (const [id, known] of this.dirs) if (known === resolved) return id;
    const id = randomUUID();
    this.dirs.set(id, resolved);
    return id;
  }

  dirOf(id: string): string {
    const dir = this.dirs.get(id);
    if (!dir) throw new UserFacingError(`no open audit with id ${id}`);
    return dir;
  }
}
