import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The fuses of the packaged app (build/afterPack.mjs). There is no Electron binary on the build
 * machines (ELECTRON_SKIP_BINARY_DOWNLOAD), so the hook has NOT been run on a real Electron
 * here: these tests check what it asks @electron/fuses to write, that electron-builder's
 * configuration runs it, and that @electron/fuses really writes those states into a stand-in
 * file carrying Electron's fuse wire (sentinel, version 1, eight fuses at Electron's defaults).
 */
const REPO = path.resolve(__dirname, '../../../..');
type AfterPack = (context: unknown, flip?: (binary: string, config: object) => Promise<unknown>) => Promise<void>;
const { default: afterPack } = (await import(path.join(REPO, 'build/afterPack.mjs'))) as { default: AfterPack };
// electron-builder's own YAML reader (it has no type declarations).
const { load } = createRequire(__filename)('js-yaml') as { load(text: string): unknown };

const work = mkdtempSync(path.join(tmpdir(), 'pa-fuses-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function context(platform: string, arch = 1) {
  return {
    appOutDir: path.join(work, `out-${platform}`),
    electronPlatformName: platform,
    arch,
    packager: { executableName: 'pptp-auditor', appInfo: { productFilename: 'PPTP Auditor' } },
  };
}

const expected = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
};

describe('afterPack: Electron fuses of the packaged app', () => {
  it('asks for exactly these fuses, on the binary of each platform', async () => {
    const calls: Array<{ binary: string; config: object }> = [];
    const flip = async (binary: string, config: object) => void calls.push({ binary, config });
    await afterPack(context('linux'), flip);
    await afterPack(context('win32'), flip);
    await afterPack(context('darwin', 3), flip);
    expect(calls.map((c) => c.binary)).toEqual([
      path.join(work, 'out-linux', 'pptp-auditor'),
      path.join(work, 'out-win32', 'PPTP Auditor.exe'),
      path.join(work, 'out-darwin', 'PPTP Auditor.app'),
    ]);
    expect(calls[0]!.config).toEqual({ ...expected, resetAdHocDarwinSignature: false });
    expect(calls[2]!.config).toEqual({ ...expected, resetAdHocDarwinSignature: true });
  });

  it('is the afterPack hook of electron-builder, and the app is packed into an asar', async () => {
    const config = load(readFileSync(path.join(REPO, 'build/electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    expect(config.afterPack).toBe('./build/afterPack.mjs');
    // electron-builder's own hook resolver, from the project root as `npm run dist` runs it.
    const { resolveFunction } = createRequire(__filename)('app-builder-lib/out/util/resolve') as {
      resolveFunction(type: unknown, executor: unknown, name: string, root: string): Promise<unknown>;
    };
    const cwd = process.cwd();
    process.chdir(REPO);
    let hook: AfterPack;
    try {
      hook = (await resolveFunction(undefined, config.afterPack, 'afterPack', REPO)) as AfterPack;
    } finally {
      process.chdir(cwd);
    }
    const flipped: object[] = [];
    await hook(context('linux'), async (_binary, fuseConfig) => void flipped.push(fuseConfig));
    expect(flipped).toEqual([{ ...expected, resetAdHocDarwinSignature: false }]);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('dist/helper.cjs');
    // The root helper is run by the system's node, which the package therefore depends on.
    expect((config.deb as { depends: string[] }).depends).toContain('nodejs');
  });

  it('makes @electron/fuses write those states into a fuse wire (stand-in file, not an Electron binary)', async () => {
    const binary = path.join(work, 'stand-in');
    // Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on.
    const defaults = '10110001';
    writeFileSync(binary, Buffer.concat([Buffer.from('\x7fELF-not-really'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from(defaults), Buffer.from('tail')]));
    await afterPack({ ...context('linux'), appOutDir: work, packager: { executableName: 'stand-in', appInfo: { productFilename: 'x' } } });
    const wire = await getCurrentFuseWire(binary);
    const on = 49;
    const off = 48;
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    // Fuses we do not set keep Electron's value.
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(off);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(on);
  });
});
