/**
 * The CJK font for PDFs: Noto Serif SC (SIL OFL 1.1). PDFs embed a subset of it, so they print the
 * same on any machine — no dependence on the fonts of the office PC that opens them.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type FontWeight = 'regular' | 'bold';

/** [name as shipped by electron-builder (extraResources → fonts/), path inside the npm package]. */
const FILES: Record<FontWeight, [string, string]> = {
  regular: ['NotoSerifSC-Regular.ttf', '400Regular/NotoSerifSC_400Regular.ttf'],
  bold: ['NotoSerifSC-Bold.ttf', '700Bold/NotoSerifSC_700Bold.ttf'],
};

const PACKAGE = '@expo-google-fonts/noto-serif-sc';

function fromPackage(inPackage: string): string | null {
  try {
    return createRequire(import.meta.url).resolve(`${PACKAGE}/${inPackage}`);
  } catch {
    return null;
  }
}

/**
 * Path of the TTF, or null when none is found. Looks, in order, in the packaged app's
 * `resources/fonts`, the project's `resources/fonts/` (a font put there by hand wins in development),
 * then the npm package the build takes it from.
 */
export function resolveCjkFont(weight: FontWeight = 'regular'): string | null {
  const [shipped, inPackage] = FILES[weight];
  // Electron adds resourcesPath to process; plain Node (tests, CLI) does not have it.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    resourcesPath ? path.join(resourcesPath, 'fonts', shipped) : null,
    path.join(process.cwd(), 'resources', 'fonts', shipped),
    fromPackage(inPackage),
    path.join(process.cwd(), 'node_modules', PACKAGE, inPackage),
  ];
  return candidates.find((p): p is string => p !== null && fs.existsSync(p)) ?? null;
}
