/**
 * electron-builder `afterPack` hook: flips Electron's fuses in the packaged app, before it
 * is signed, to close the doors an attacker with local file access would use to run code as
 * Waymark (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect, an app loaded from outside the
 * asar). electron-builder 26 has an `electronFuses` setting for this, but its dependencies
 * need Node 22.12; we stay on the 25 line (Node 20) and flip the same fuses here with
 * @electron/fuses. Tested in test/electron-fuses.test.ts against a fake Electron binary.
 */
'use strict';
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/** The fuses every packaged build gets, by @electron/fuses option. */
const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** electron-builder's Arch enum value for arm64. */
const ARCH_ARM64 = 3;

/** Where the packaged Electron executable is (the .app bundle on macOS). */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${name}.app`);
    case 'win32':
      return path.join(appOutDir, `${name}.exe`);
    default:
      return path.join(appOutDir, packager.executableName ?? name);
  }
}

async function afterPack(context) {
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(executablePath(context), {
    version: FuseVersion.V1,
    // Flipping a fuse invalidates the ad-hoc signature Apple silicon requires to launch.
    resetAdHocDarwinSignature: darwin && context.arch === ARCH_ARM64,
    ...FUSES,
  });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.executablePath = executablePath;
