#!/usr/bin/env node
// Regenerates the committed TypeScript types of every .proto under protos/ with proto-loader-gen-types,
// using the same loader options as the runtime (libs/grpc/src/proto-loader-options.json).
//   node scripts/generate-grpc-types.js [--out <dir>]   (default libs/grpc/src/generated)
// The output folder is replaced, so types of deleted protos do not linger.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const protosDir = path.join(root, 'protos');
const defaultOutDir = path.join(root, 'libs', 'grpc', 'src', 'generated');
const loaderOptions = require('../libs/grpc/src/proto-loader-options.json');
const generator = require.resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js');

function outDirFromArgs(args) {
  const flag = args.indexOf('--out');
  if (flag === -1) return defaultOutDir;
  const value = args[flag + 1];
  if (!value) throw new Error('--out needs a directory');
  return path.resolve(value);
}

/** Proto paths relative to protos/, sorted so that runs are reproducible. */
function listProtos(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listProtos(path.join(dir, entry.name), relative);
      return entry.name.endsWith('.proto') ? [relative] : [];
    })
    .sort();
}

/** `{ keepCase: true, longs: 'String' }` → `['--keepCase', '--longs=String']`. */
function loaderFlags(options) {
  return Object.entries(options).flatMap(([name, value]) => {
    if (value === true) return [`--${name}`];
    if (value === false) return [];
    return [`--${name}=${value}`];
  });
}

function main() {
  const outDir = outDirFromArgs(process.argv.slice(2));
  const protos = listProtos(protosDir);
  fs.rmSync(outDir, { recursive: true, force: true });
  const args = [generator, ...loaderFlags(loaderOptions), '--grpcLib=@grpc/grpc-js', '--includeDirs', '.', '--outDir', outDir, ...protos];
  // Run from protos/ with a relative include dir: the generator writes each proto's path into a
  // comment, and it must not depend on where the repository is checked out.
  const result = spawnSync(process.execPath, args, { cwd: protosDir, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`proto-loader-gen-types failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  console.log(`Generated types for ${protos.length} protos into ${path.relative(root, outDir) || outDir}`);
}

main();
