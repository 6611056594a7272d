import { existsSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE_AUDIT_FOLDER } from '../../shared/model/sampleAudit';

/**
 * The folder of the shipped sample audit, or null when this installation has none. Packaged,
 * electron-builder's extraResources puts it beside app.asar (process.resourcesPath, which only
 * Electron sets); from a checkout, dist/cli.cjs and dist/electron/main.cjs sit one or two levels
 * below the repository that holds it. Never the current directory, never a folder the renderer
 * names (it only gets an id).
 */
export function findSampleAudit(): string | null {
  const candidates: string[] = [];
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(path.join(resources, SAMPLE_AUDIT_FOLDER));
  // esbuild's CJS bundles always have __dirname; a script run as ESM has none and looks no further.
  if (typeof __dirname === 'string') {
    candidates.push(path.join(__dirname, '..', SAMPLE_AUDIT_FOLDER), path.join(__dirname, '..', '..', SAMPLE_AUDIT_FOLDER));
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'manifest.json'))) ?? null;
}

export function isSampleAudit(dir: string): boolean {
  const sample = findSampleAudit();
  return sample !== null && path.resolve(dir) === path.resolve(sample);
}
