import path from 'node:path';
import { existsSync } from 'node:fs';
import { Backend } from '../../backend/backend';
import { startLoopbackServer } from '../../server/loopbackServer';
import { parseNumberOption } from '../options';
import { UsageError } from '../errors';

/** dist/cli.cjs sits beside dist/renderer/ once built. */
export function defaultRendererRoot(): string {
  return path.resolve(__dirname, 'renderer');
}

export async function runServe(options: { port?: string; audits?: string }): Promise<void> {
  const port = parseNumberOption(options.port, '--port', 0, 65535);
  const rendererRoot = defaultRendererRoot();
  if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    throw new UsageError(`the renderer is not built (${rendererRoot}): run npm run build`);
  }
  const backend = new Backend(undefined, { rendererRoot, auditsRoot: options.audits ? path.resolve(options.audits) : undefined });
  const server = await startLoopbackServer({ backend, rendererRoot, port: port ?? 0 });
  process.stdout.write(`${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  backend.dispose();
  await server.close();
}
