/** One process of `ps -eo pid,ppid,comm`. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The command name (comm: at most 15 characters, no arguments). */
  name: string;
  /** 1-based line in the output. */
  line: number;
}

export interface ProcessListResult {
  processes: ProcessEntry[];
  unparsed: string[];
}

const HEADER = /^PID\s+PPID\s+(?:COMMAND|CMD|COMM)$/;
const ROW = /^(\d+)\s+(\d+)\s+(\S.*)$/;

/** `ps -eo pid,ppid,comm` (the header line is optional: `ps ... | grep ppp` drops it). */
export function parsePsList(text: string): ProcessListResult {
  const processes: ProcessEntry[] = [];
  const unparsed: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || HEADER.test(line)) return;
    const m = ROW.exec(line);
    if (!m) {
      unparsed.push(line);
      return;
    }
    processes.push({
      pid: Number(m[1]),
      ppid: Number(m[2]),
      name: (m[3] as string).trim(),
      line: index + 1,
    });
  });
  return { processes, unparsed };
}
