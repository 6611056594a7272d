// electron-builder `afterPack` hook (see build/electron-builder.yml): flips the Electron fuses of
// the packaged binary before it is signed and wrapped into AppImage/deb/nsis/dmg.
// The app runs next to critical-infrastructure networks and starts a root helper: its binary
// must not be usable as a general-purpose Node.js (RunAsNode, NODE_OPTIONS, --inspect), and it
// loads only the app.asar it was shipped with (integrity checked where Electron supports it:
// macOS and Windows; Linux has no embedded asar integrity yet).
// The root helper is run by the system's node instead (electron/helper/elevate.ts).
import path from 'node:path';
// @electron/fuses is CommonJS: its module.exports, then the names.
import fuses from '@electron/fuses';

const { flipFuses, FuseV1Options, FuseVersion } = fuses;

/** The fuse settings of every package we ship. */
export const FUSES = Object.freeze({
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
});

/** The packaged Electron binary electron-builder just laid out in appOutDir. */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** `flip` is @electron/fuses' flipFuses; a test passes its own to see what would be written. */
export default async function afterPack(context, flip = flipFuses) {
  const binary = electronBinary(context);
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Flipping a fuse invalidates an ad-hoc signature (arm64 macOS refuses to run it): re-sign.
  await flip(binary, { ...FUSES, resetAdHocDarwinSignature: darwin && context.arch === 3 /* Arch.arm64 */ });
}
