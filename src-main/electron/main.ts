/**
 * Electron main-process entry (bundled to dist/electron/main.cjs). Deliberately empty of
 * logic: see lifecycle.ts.
 */
import { runApp } from './lifecycle';

runApp();
