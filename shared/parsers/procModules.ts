import type { LoadedModule } from '../model/modules';

/**
 * /proc/modules: "name size refcount deps state address", deps "-" or "a,b," and a
 * "[permanent]" marker in the deps column for modules that cannot be unloaded.
 */
export function parseProcModules(text: string): { modules: LoadedModule[]; unparsed: string[] } {
  const modules: LoadedModule[] = [];
  const unparsed: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const m =
      /^(\S+) (\d+) (\d+|-) (\S+)(?: \[permanent\])?,? (Live|Loading|Unloading)(?: 0x[0-9a-f]+)?(?: \(.*\))?$/.exec(
        line,
      );
    if (!m) {
      unparsed.push(line);
      continue;
    }
    const deps =
      m[4] === '-' || m[4] === '[permanent],' || m[4] === '[permanent]' ? '' : (m[4] as string);
    modules.push({
      name: m[1] as string,
      sizeBytes: Number(m[2]),
      refcount: m[3] === '-' ? null : Number(m[3]),
      usedBy: deps.split(',').filter((d) => d !== '' && d !== '[permanent]'),
      state: m[5] as string,
      line: index + 1,
    });
  }
  return { modules, unparsed };
}

/** `lsmod`: a "Module Size Used by" header, then "name size count [a,b]". */
export function parseLsmod(text: string): { modules: LoadedModule[]; unparsed: string[] } {
  const modules: LoadedModule[] = [];
  const unparsed: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || /^Module\s+Size\s+Used by$/.test(line)) continue;
    const m = /^(\S+)\s+(\d+)\s+(\d+|-)(?:\s+(\S+))?$/.exec(line);
    if (!m) {
      unparsed.push(line);
      continue;
    }
    modules.push({
      name: m[1] as string,
      sizeBytes: Number(m[2]),
      refcount: m[3] === '-' ? null : Number(m[3]),
      usedBy: (m[4] ?? '').split(',').filter((d) => d !== '' && d !== '[permanent]'),
      state: null,
      line: index + 1,
    });
  }
  return { modules, unparsed };
}

/** Accepts either format: /proc/modules lines end in Live/Loading/Unloading + address. */
export function parseLoadedModules(text: string): {
  modules: LoadedModule[];
  unparsed: string[];
  format: 'proc' | 'lsmod';
} {
  const looksProc = /^\S+ \d+ (?:\d+|-) \S+ (?:Live|Loading|Unloading)\b/m.test(text);
  return looksProc
    ? { ...parseProcModules(text), format: 'proc' }
    : { ...parseLsmod(text), format: 'lsmod' };
}

/** modules.builtin: one "kernel/<path>/<name>.ko" per line -> module names ("-" as "_"). */
export function parseModulesBuiltin(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /([^/\s]+)\.ko(?:\.(?:xz|zst|gz))?$/.exec(raw.trim());
    if (m) names.push((m[1] as string).replace(/-/g, '_'));
  }
  return names;
}

/**
 * An lsmod listing without its "Module Size Used by" header is usually `lsmod | grep ppp`: a
 * filtered list, in which a module's absence proves nothing. /proc/modules and a headed lsmod
 * are complete.
 */
export function isFilteredModuleList(text: string): boolean {
  const { format } = parseLoadedModules(text);
  return format === 'lsmod' && !/^Module\s+Size\s+Used by/m.test(text);
}
