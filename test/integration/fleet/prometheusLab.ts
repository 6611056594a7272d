import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Netns } from '../../lab/host/netns';

/**
 * Debian's node_exporter and Prometheus, started inside a namespace the test created, on its
 * loopback, with a throw-away data folder and a 1 s scrape: the real engine a site runs.
 */
export const EXPORTER = '127.0.0.1:9100';
export const PROMETHEUS = 'http://127.0.0.1:9090/';

export interface PromStack {
  dir: string;
  stop(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (which throws until ready) every 200 ms, up to `seconds`. */
export async function waitFor<T>(what: string, seconds: number, probe: () => T): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return probe();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} not ready after ${seconds} s: ${(error as Error).message}`);
      await sleep(200);
    }
  }
}

/** GET of a Prometheus API path inside the namespace, with curl (the test process is outside it). */
export function promApi(ns: Netns, apiPath: string, params: Record<string, string>): unknown {
  const args = ['curl', '-sS', '--fail-with-body', '--max-time', '20', '-G', `${PROMETHEUS}${apiPath}`];
  for (const [k, v] of Object.entries(params)) args.push('--data-urlencode', `${k}=${v}`);
  return JSON.parse(ns.exec(args));
}

export async function startPromStack(ns: Netns, extraExporterArgs: string[] = [], ruleFiles: string[] = []): Promise<PromStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pptp-prom-'));
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: ${JSON.stringify(ruleFiles)}\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['${EXPORTER}']\n`,
  );
  const children: ChildProcess[] = [];
  children.push(
    ns.spawn(['prometheus-node-exporter', `--web.listen-address=${EXPORTER}`, '--collector.disable-defaults', '--collector.netdev', '--collector.netclass', ...extraExporterArgs], { stdio: 'ignore' }),
    ns.spawn(
      ['prometheus', `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, '--web.listen-address=127.0.0.1:9090', '--log.level=warn'],
      { stdio: 'ignore' },
    ),
  );
  const stop = () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('node_exporter', 20, () => ns.exec(['curl', '-sf', `http://${EXPORTER}/metrics`]));
    await waitFor('prometheus scraping', 40, () => {
      const up = promApi(ns, 'api/v1/query', { query: 'up' }) as { data: { result: Array<{ value: [number, string] }> } };
      if (up.data.result[0]?.value[1] !== '1') throw new Error('target not up yet');
    });
  } catch (error) {
    stop();
    throw error;
  }
  return { dir, stop };
}
