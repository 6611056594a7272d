import path from 'node:path';
import { existsSync } from 'node:fs';
import { Backend } from '../../backend/backend';
import { startLoopbackServer } from '../../server/loopbackServer';
import { parseNumberOption } from '../options';
import { UsageError } from '../errors';
import type { TargetCliOptions } from '../stepRun/targetOptions';

/** dist/cli.cjs sits beside dist/renderer/ once built. */
export function defaultRendererRoot(): string {
  return path.resolve(__dirname, 'renderer');
}

/** /metrics of `serve`: the token from its file (checked now), the audits folder read at each scrape. */
async function metricsEndpoint(tokenFile: string, audits: string | undefined) {
  const { readSecretLine, CredentialRefused } = await import('../../fleet/prometheus/credentials');
  const { latestAuditMetrics } = await import('../../metrics/auditMetricsInput');
  const { renderAuditMetrics } = await import('../../metrics/openMetrics');
  const { defaultAuditsRoot } = await import('../../audit/auditService');
  let token: string;
  try {
    token = readSecretLine(tokenFile, '--metrics-token-file');
  } catch (error) {
    if (error instanceof CredentialRefused) throw new UsageError(error.message);
    throw error;
  }
  if (token.length < 16 || /\s/.test(token)) throw new UsageError('--metrics-token-file: the token must be at least 16 characters, without spaces');
  const root = audits ? path.resolve(audits) : defaultAuditsRoot();
  return { token, render: () => renderAuditMetrics(latestAuditMetrics(root)) };
}

/** serve --target: the gateway opened on the terminal (sudo's password asked there), then handed to the backend. */
async function openServeTarget(backend: Backend, options: TargetCliOptions): Promise<void> {
  const { openCliTarget, TargetRefusal } = await import('../../remote/cliTarget');
  try {
    const runner = await openCliTarget({ target: options.target!, identity: options.identity, knownHosts: options.knownHosts, acceptNewHostKey: options.acceptNewHostKey }, (line) => process.stderr.write(`${line}\n`));
    backend.target.adopt(runner);
  } catch (error) {
    if (error instanceof TargetRefusal) throw new UsageError(error.message);
    throw error;
  }
}

export async function runServe(options: { port?: string; audits?: string; metricsTokenFile?: string; print?: boolean } & TargetCliOptions): Promise<void> {
  const port = parseNumberOption(options.port, '--port', 0, 65535);
  const rendererRoot = defaultRendererRoot();
  if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    throw new UsageError(`the renderer is not built (${rendererRoot}): run npm run build`);
  }
  // --no-print: a machine whose Chromium cannot print (none installed, or one that cannot start
  // there): Finish and sign seals without the PDF and custody says so; `report` prints it later.
  const printer = options.print === false ? undefined : rendererRoot;
  const backend = new Backend(undefined, { rendererRoot: printer, auditsRoot: options.audits ? path.resolve(options.audits) : undefined });
  const metrics = options.metricsTokenFile === undefined ? undefined : await metricsEndpoint(options.metricsTokenFile, options.audits);
  if (options.target !== undefined) {
    try {
      await openServeTarget(backend, options);
    } catch (error) {
      backend.dispose();
      throw error;
    }
  }
  const server = await startLoopbackServer({ backend, rendererRoot, port: port ?? 0, metrics });
  process.stdout.write(`${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  backend.dispose();
  await server.close();
}
