import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Backend } from '../../backend/backend';
import { startLoopbackServer } from '../../server/loopbackServer';
import { parseNumberOption } from '../options';
import { UsageError } from '../errors';

/** dist/cli.cjs sits beside dist/renderer/ once built. */
export function defaultRendererRoot(): string {
  return path.resolve(__dirname, 'renderer');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the backend and serve the app to a browser on 127.0.0.1 (URL with a token)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)')
    .option('--audits <dir>', 'where new audits are written (default: ~/.local/share/pptp-auditor/audits)')
    .action(async (options: { port?: string; audits?: string }) => {
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
    });
}
