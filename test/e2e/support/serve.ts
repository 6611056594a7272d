import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const CLI = path.join(REPO, 'dist/cli.cjs');

export interface Served {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Runs the real `pptp-auditor serve` (optionally inside a namespace) and waits for its URL. */
export function serve(netns?: string, extra: string[] = []): Promise<Served> {
  const argv = [process.execPath, CLI, 'serve', ...extra];
  const child = netns ? spawn('ip', ['netns', 'exec', netns, ...argv]) : spawn(argv[0]!, argv.slice(1));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print a URL: ${err}`)), 15_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[0],
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}
