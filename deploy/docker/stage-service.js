#!/usr/bin/env node
// Lays out what one service's runtime image needs, from a built repository:
//   <out>/manifests  package-lock.json, the package.json of each workspace the service needs at run time, and
//                    a root package.json listing only those workspaces (npm would otherwise install the
//                    other workspaces' dependencies too, test tooling included)
//   <out>/app        the compiled files of the service and of each workspace it depends on at run time
//                    (their package.json "files", dist/src by default, tests left out), and protos/ for gRPC
// Usage: node deploy/docker/stage-service.js <workspace dir> <out dir>
//        node deploy/docker/stage-service.js --list <workspace dir>   prints the workspaces and paths it would copy
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const TEST_FILE = /\.test\.(js|d\.ts|js\.map|d\.ts\.map)$/;

function readManifest(directory) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, directory, 'package.json'), 'utf8'));
}

/** Every workspace folder (relative to the root) by package name. */
function workspacesByName() {
  const patterns = readManifest('.').workspaces;
  const byName = new Map();
  for (const pattern of patterns) {
    const parent = pattern.replace(/\/\*$/, '');
    for (const entry of fs.readdirSync(path.join(ROOT, parent), { withFileTypes: true })) {
      const directory = path.posix.join(parent, entry.name);
      if (entry.isDirectory() && fs.existsSync(path.join(ROOT, directory, 'package.json'))) byName.set(readManifest(directory).name, directory);
    }
  }
  return byName;
}

/** The workspace and every workspace reachable through `dependencies` (devDependencies are not shipped). */
function runtimeClosure(start, byName) {
  const closure = new Set();
  const visit = (directory) => {
    if (closure.has(directory)) return;
    closure.add(directory);
    for (const dependency of Object.keys(readManifest(directory).dependencies ?? {})) {
      const workspace = byName.get(dependency);
      if (workspace !== undefined) visit(workspace);
    }
  };
  visit(start);
  return [...closure];
}

function shippedPaths(directory) {
  return (readManifest(directory).files ?? ['dist/src']).map((file) => path.posix.join(directory, file));
}

function copy(relative, outDirectory) {
  const source = path.join(ROOT, relative);
  if (!fs.existsSync(source)) throw new Error(`${relative} does not exist: run npm run build first`);
  fs.cpSync(source, path.join(outDirectory, relative), { recursive: true, filter: (file) => !TEST_FILE.test(file) });
}

function main(argv) {
  const listOnly = argv[0] === '--list';
  const [workspace, outDirectory] = listOnly ? argv.slice(1) : argv;
  const byName = workspacesByName();
  if (!workspace || ![...byName.values()].includes(workspace)) {
    throw new Error(`"${workspace ?? ''}" is not a workspace; one of: ${[...byName.values()].join(', ')}`);
  }
  const closure = runtimeClosure(workspace, byName);
  // @chatpilot/grpc loads the .proto files at run time from the nearest protos/ folder.
  const needsProtos = closure.includes(byName.get('@chatpilot/grpc'));
  const appPaths = [...closure.flatMap(shippedPaths), ...(needsProtos ? ['protos'] : [])];
  if (listOnly) {
    process.stdout.write(`${JSON.stringify({ workspaces: closure, app: appPaths }, null, 2)}\n`);
    return;
  }
  if (!outDirectory) throw new Error('usage: stage-service.js <workspace dir> <out dir>');
  const manifestsDirectory = path.join(outDirectory, 'manifests');
  for (const file of ['package-lock.json', ...closure.map((directory) => `${directory}/package.json`)]) copy(file, manifestsDirectory);
  const { devDependencies: _devDependencies, ...rootManifest } = readManifest('.');
  fs.writeFileSync(path.join(manifestsDirectory, 'package.json'), `${JSON.stringify({ ...rootManifest, workspaces: closure }, null, 2)}\n`);
  for (const file of appPaths) copy(file, path.join(outDirectory, 'app'));
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`stage-service: ${error.message}\n`);
  process.exit(1);
}
