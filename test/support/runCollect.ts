import { spawn } from 'node:child_process';

export interface Collected {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs argv (no shell) to its end and gives back its status and everything it printed. */
export function runCollect(argv: string[]): Promise<Collected> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
