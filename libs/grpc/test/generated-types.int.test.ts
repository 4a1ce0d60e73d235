import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const committedDir = path.join(repoRoot, 'libs', 'grpc', 'src', 'generated');

/** Every file under `dir`, relative, with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => [path.relative(dir, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name))]));
}

describe('committed gRPC types', () => {
  let freshDir: string;
  beforeAll(() => {
    freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-types-'));
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'generate-grpc-types.js'), '--out', freshDir], { stdio: 'pipe' });
  });
  afterAll(() => fs.rmSync(freshDir, { recursive: true, force: true }));

  it('are exactly what `npm run grpc:gen` produces from protos/ (run it after editing a .proto)', () => {
    const committed = snapshot(committedDir);
    const fresh = snapshot(freshDir);

    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    const differing = [...fresh].filter(([file, bytes]) => !committed.get(file)?.equals(bytes)).map(([file]) => file);
    expect(differing).toEqual([]);
  });
});
