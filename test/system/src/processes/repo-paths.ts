import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { ProcessName } from '../system-env';

const WORKSPACE_OF: Record<ProcessName, string> = {
  'd360-sandbox': 'test/d360-sandbox',
  'webhook-ingest': 'services/webhook-ingest',
  'channel-registry': 'services/channel-registry',
  'credential-vault': 'services/credential-vault',
  onboarding: 'services/onboarding',
};

/** The monorepo root: the nearest folder up from here whose package.json declares workspaces (works from src/ and dist/). */
export function repoRoot(from: string = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return folder;
    if (dirname(folder) === folder) throw new Error(`no npm workspace root above ${from}`);
  }
}

/** The compiled entry point a process runs: `<workspace>/dist/src/main.js`. */
export function entryPointOf(name: ProcessName, root: string = repoRoot()): string {
  return join(root, WORKSPACE_OF[name], 'dist', 'src', 'main.js');
}

/** The compiled orphan guard every child preloads (compiled even when the launcher itself runs from sources under Jest). */
export function orphanGuardPath(root: string = repoRoot()): string {
  return join(root, 'test', 'system', 'dist', 'src', 'processes', 'orphan-guard.js');
}

/**
 * Throws, naming `npm run build`, when a process's compiled code is missing or older than a source
 * file of the workspace or of a lib it may import: the processes run dist/, never sources.
 */
export function assertBuilt(names: readonly ProcessName[], root: string = repoRoot()): void {
  const problems: string[] = [];
  const libs = readdirSync(join(root, 'libs')).map((lib) => `libs/${lib}`);
  for (const workspace of [...new Set(['test/system', ...names.map((name) => WORKSPACE_OF[name]), ...libs])]) {
    const sourceTime = newestModification(join(root, workspace, 'src'), '.ts');
    if (sourceTime === 0) continue;
    const builtTime = newestModification(join(root, workspace, 'dist', 'src'), '.js');
    if (builtTime === 0) problems.push(`${workspace} is not built`);
    else if (sourceTime > builtTime) problems.push(`${workspace}/dist is older than its sources`);
  }
  if (problems.length > 0) throw new Error(`${problems.join('; ')}: run \`npm run build\` first`);
}

function newestModification(folder: string, extension: string): number {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(extension) || entry.name.endsWith('.test.ts') || entry.name.endsWith('.d.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
