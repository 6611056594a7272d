import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = new URL('..', import.meta.url).pathname.replace(/\/test\/?$/, '/');

/**
 * The code a laptop on Windows or macOS runs for remote audits, offline analysis and reports
 * (issue 12, item 6). The local collectors (electron/collectors, electron/ops, the helper)
 * are Linux-only by design and gated by requireLocalCollectors; these rooms must not be.
 */
const PORTABLE_ROOMS = ['electron/remote', 'electron/evidence', 'electron/report', 'shared'];

/**
 * Every /proc or /sys string literal allowed in those rooms, by file, with why: commands and
 * file plans that run on the AUDITED machine (the gateway over SSH, or this machine when it is
 * the Linux target), text that names a file for the reader, and a feature-detected fast path.
 * Anything else fails the test: add it here only with a reason it never runs on the laptop.
 */
const ALLOWED: Record<string, { literals: string[]; why: string }> = {
  'electron/remote/remoteSampler.ts': { literals: ['f=/sys/class/net/$1/ifindex; while read -r _; do cat "$f" 2>/dev/null || echo -; cat /proc/net/dev; cat "$f" 2>/dev/null || echo -; echo \''], why: 'the sampling loop runs on the gateway' },
  'electron/remote/gatewayCounters.ts': { literals: ['/sys/class/net/'], why: 'the link speed is read on the gateway' },
  'electron/remote/remoteAudit.ts': { literals: ['[ -e /sys/module/ppp_generic ] || [ -e "/sys/class/net/$1" ] || grep -q "^ppp_generic " /proc/modules'], why: 'the PPP probe runs on the gateway' },
  'electron/evidence/bundleFile.ts': { literals: ['/proc/self/fd', '/proc/self/fd/', '/proc/self/fd/'], why: 'fd-relative opens where /proc/self/fd exists (existsSync), plain paths elsewhere' },
  'electron/evidence/durable.ts': { literals: ['/proc/self/fd', '/proc/self/fd/'], why: 'fd-relative opens where /proc/self/fd exists (existsSync), plain paths elsewhere' },
  'shared/ops/plan.ts': { literals: ['/proc/modules', '/proc/config.gz', '/proc/sys/'], why: 'operation plans: files read on the audited machine by its runner' },
  'shared/steps/specs/throughput.ts': { literals: ['/proc/net/dev', '/sys/class/net/', '/sys/class/net/'], why: 'the plan shown to the auditor: what is read on the audited machine' },
  'shared/parsers/recognise.ts': { literals: ['/proc/net/dev', '/proc/modules', 'kernel config (/proc/config.gz or /boot/config-*)'], why: 'names of file kinds, for the reader' },
  'shared/findings/rules/modules.ts': { literals: [' not in /proc/modules nor modules.builtin', ' not in /proc/modules nor modules.builtin', ' not in /proc/modules nor modules.builtin'], why: 'evidence text for the reader' },
  'shared/findings/facts.ts': { literals: ['step 2 kernel modules (/proc/modules)'], why: 'a label for the reader' },
  'shared/audit/facts/modules.ts': { literals: ['no line reads as /proc/modules or lsmod output'], why: 'a message for the reader' },
};

/** Files of those rooms where node:path is right: paths of THIS machine (the laptop's files). */
const LOCAL_PATH_FILES: Record<string, string> = {
  'electron/remote/cliTarget.ts': '--known-hosts and --identity are files on the laptop',
  'electron/remote/localFileGate.ts': 'the key and known_hosts the GUI names are files on the laptop',
  'electron/remote/targetProfiles.ts': 'saved gateway profiles are a file on the laptop',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  what: string;
}

/** What one file does that would break on Windows or macOS (comments are not code: not scanned). */
function scan(rel: string, text: string): { procSys: Array<Finding & { literal: string }>; other: Finding[] } {
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const procSys: Array<Finding & { literal: string }> = [];
  const other: Finding[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const pathNames = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (/(^|[^A-Za-z0-9_.])\/(proc|sys)(\/|$|\b)/.test(node.text)) procSys.push({ file: rel, line: lineOf(node), what: 'a /proc or /sys path', literal: node.text });
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      const named = node.importClause?.namedBindings;
      if ((from === 'node:os' || from === 'os') && named && ts.isNamedImports(named) && named.elements.some((e) => (e.propertyName ?? e.name).text === 'EOL')) {
        other.push({ file: rel, line: lineOf(node), what: 'imports EOL from os (line endings differ on Windows: write \\n)' });
      }
      if ((from === 'node:path' || from === 'path') && !LOCAL_PATH_FILES[rel]) {
        const clause = node.importClause;
        if (clause?.name) pathNames.add(clause.name.text);
        if (named && ts.isNamespaceImport(named)) pathNames.add(named.name.text);
        if (named && ts.isNamedImports(named)) {
          for (const e of named.elements) {
            const imported = (e.propertyName ?? e.name).text;
            if (imported === 'posix') continue;
            if (rel.startsWith('shared/') || rel.startsWith('electron/remote/')) other.push({ file: rel, line: lineOf(e), what: `imports ${imported} from node:path (remote paths: path.posix)` });
          }
        }
      }
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'EOL') other.push({ file: rel, line: lineOf(node), what: 'uses .EOL (line endings differ on Windows: write \\n)' });
    // path.join(…) / path.resolve(…) on the default import, in the rooms that handle gateway paths.
    if ((rel.startsWith('shared/') || rel.startsWith('electron/remote/')) && ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && pathNames.has(node.expression.text) && node.name.text !== 'posix') {
      other.push({ file: rel, line: lineOf(node), what: `${node.expression.text}.${node.name.text} (remote paths: path.posix.${node.name.text})` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { procSys, other };
}

function scanRooms() {
  const procSys: Array<Finding & { literal: string }> = [];
  const other: Finding[] = [];
  for (const room of PORTABLE_ROOMS) {
    for (const file of sourceFiles(path.join(REPO, room))) {
      const rel = path.relative(REPO, file);
      const found = scan(rel, readFileSync(file, 'utf8'));
      procSys.push(...found.procSys);
      other.push(...found.other);
    }
  }
  return { procSys, other };
}

describe('code the laptop runs on any system (remote audits, offline analysis, reports)', () => {
  const { procSys, other } = scanRooms();

  it('reads no /proc or /sys of the laptop: every such literal is one that runs on (or names a file of) the audited machine', () => {
    const byFile = new Map<string, string[]>();
    for (const f of procSys) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.literal]);
    const unexpected = procSys.filter((f) => !(ALLOWED[f.file]?.literals ?? []).includes(f.literal)).map((f) => `${f.file}:${f.line}: ${JSON.stringify(f.literal.slice(0, 100))}`);
    expect(unexpected).toEqual([]);
    // Precise: the allowance is used as written, no more, no fewer (a removed literal shrinks it).
    for (const [file, { literals }] of Object.entries(ALLOWED)) expect([...(byFile.get(file) ?? [])].sort(), file).toEqual([...literals].sort());
  });

  it('uses no os.EOL, and no node:path join/resolve where paths are the gateway\'s (path.posix there)', () => {
    expect(other.map((f) => `${f.file}:${f.line}: ${f.what}`)).toEqual([]);
  });

  it('the scanner catches each kind it looks for (so an empty result means something)', () => {
    const bad = [
      "import path from 'node:path';",
      "import { EOL } from 'node:os';",
      "const a = readFileSync('/proc/net/dev');",
      'const b = `/sys/class/net/${iface}/speed`;',
      "const c = path.join('/etc/ppp', 'chap-secrets');",
      "const d = require('os').EOL;",
      '// /proc/net/dev in a comment is not code',
      "const e = path.posix.join('/etc/ppp', 'options');",
      "const f = 'ssh://user@host/sys';",
    ].join('\n');
    const found = scan('electron/remote/example.ts', bad);
    expect(found.procSys.map((f) => f.line)).toEqual([3, 4]);
    expect(found.other.map((f) => `${f.line}: ${f.what}`)).toEqual([
      '2: imports EOL from os (line endings differ on Windows: write \\n)',
      '5: path.join (remote paths: path.posix.join)',
      '6: uses .EOL (line endings differ on Windows: write \\n)',
    ]);
  });
});
