import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { readRepoFile, repoPath, SERVICES } from '../repo';
import { argsOf, contextCopySources, parseDockerfile, runCommands, stageNamed } from './dockerfile';

const dockerfile = parseDockerfile(readRepoFile('deploy', 'docker', 'Dockerfile'));
const rootManifest = JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string>; workspaces: string[] };
const WORKLOAD_DIRS = { ...Object.fromEntries(SERVICES.map((service) => [service, `services/${service}`])), 'd360-sandbox': 'test/d360-sandbox' };

interface StagePlan {
  workspaces: string[];
  app: string[];
}

function stagePlan(workspace: string): StagePlan {
  const output = execFileSync(process.execPath, [repoPath('deploy', 'docker', 'stage-service.js'), '--list', workspace], { encoding: 'utf8' });
  return JSON.parse(output) as StagePlan;
}

function manifestOf(workspace: string): { name: string; dependencies?: Record<string, string>; files?: string[]; scripts?: Record<string, string> } {
  return JSON.parse(readRepoFile(workspace, 'package.json'));
}

describe('deploy/docker/Dockerfile', () => {
  it('builds from Node 20 LTS slim images in three stages, ending with the runtime', () => {
    expect(dockerfile.globalArgs.NODE_IMAGE).toBe('node:20-bookworm-slim');
    expect(dockerfile.stages.map((stage) => `${stage.name} FROM ${stage.baseImage}`)).toEqual(['manifests FROM ${NODE_IMAGE}', 'build FROM ${NODE_IMAGE}', 'runtime FROM ${NODE_IMAGE}']);
    expect(fs.readFileSync(repoPath('.nvmrc'), 'utf8').trim()).toMatch(/^20\./);
  });

  it("runs the repository's own install and build commands in the build stage, as a clean clone and CI do", () => {
    const npmCommands = runCommands(stageNamed(dockerfile, 'build')).filter((command) => command.startsWith('npm '));
    expect(npmCommands).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    expect(rootManifest.scripts.build).toBeDefined();
    expect(readRepoFile('.ci', 'run')).toMatch(/^npm ci\b/m);
  });

  it('installs only the production dependencies of the one workspace in the runtime stage', () => {
    expect(runCommands(stageNamed(dockerfile, 'runtime'))).toEqual(['npm ci --omit=dev --workspace "${SERVICE_DIR}" --no-audit --no-fund', 'npm cache clean --force']);
    expect(argsOf(stageNamed(dockerfile, 'runtime'), 'ARG')).toEqual(['SERVICE', 'SERVICE_DIR=services/${SERVICE}']);
  });

  it('runs as a numeric non-root user, checks its health with Node, and starts the workspace main', () => {
    const runtime = stageNamed(dockerfile, 'runtime');
    const [user] = argsOf(runtime, 'USER');
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(argsOf(runtime, 'HEALTHCHECK')).toEqual([expect.stringMatching(/CMD \["node", "\/app\/healthcheck\.js"\]$/)]);
    expect(argsOf(runtime, 'CMD')).toEqual(['["node", "dist/src/main.js"]']);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readRepoFile('.dockerignore')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.replace(/^\*\*\//, ''));
    const sources = dockerfile.stages.flatMap(contextCopySources).filter((source) => source !== '.');
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: fs.existsSync(repoPath(source)) }).toEqual({ source, exists: true });
      expect(ignored.filter((pattern) => source.split('/').includes(pattern))).toEqual([]);
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.env']));
    const runScripts = runCommands(stageNamed(dockerfile, 'build')).flatMap((command) => command.match(/deploy\/\S+\.js/g) ?? []);
    for (const script of runScripts) expect(fs.existsSync(repoPath(script))).toBe(true);
  });

  it.each(Object.entries(WORKLOAD_DIRS))('can build %s: a workspace whose start script is the image command', (_workload, directory) => {
    expect(rootManifest.workspaces).toContain(`${directory.split('/')[0]}/*`);
    expect(manifestOf(directory).scripts?.start).toBe('node dist/src/main.js');
    expect(fs.existsSync(repoPath(directory, 'src', 'main.ts'))).toBe(true);
  });

  it.each(Object.values(WORKLOAD_DIRS))('ships %s with every workspace it imports at run time and no test tooling', (directory) => {
    const plan = stagePlan(directory);
    const byName = new Map(plan.workspaces.map((workspace) => [manifestOf(workspace).name, workspace]));
    for (const workspace of plan.workspaces) {
      for (const dependency of Object.keys(manifestOf(workspace).dependencies ?? {}).filter((name) => name.startsWith('@chatpilot/'))) {
        expect({ workspace, dependency, shipped: byName.has(dependency) }).toEqual({ workspace, dependency, shipped: true });
      }
    }
    expect(plan.workspaces.filter((workspace) => workspace === 'libs/testing' || (workspace.startsWith('test/') && workspace !== directory))).toEqual([]);
    expect(plan.app).toEqual(expect.arrayContaining(plan.workspaces.map((workspace) => `${workspace}/dist/src`)));
    expect(plan.app.includes('protos')).toBe(byName.has('@chatpilot/grpc'));
  });
});

describe('deploy/docker/migrate.js', () => {
  const migrations = JSON.parse(readRepoFile('deploy', 'docker', 'migrations.json')) as Record<string, { module: string; export: string }>;

  it('knows the migrations of every service and nothing else', () => {
    expect(Object.keys(migrations).sort()).toEqual([...SERVICES].sort());
  });

  it.each(SERVICES)("finds %s's migration list where the service keeps it", (service) => {
    const entry = migrations[service]!;
    const source = repoPath('services', service, entry.module.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
    const exported = (jest.requireActual(source) as Record<string, unknown>)[entry.export];
    expect(Array.isArray(exported)).toBe(true);
    expect((exported as Array<{ name: string }>).map((migration) => migration.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CreateMessagingTables\d{13}$/)]),
    );
    for (const migration of exported as Array<{ name: string }>) expect(migration.name).toMatch(/\d{13}$/);
  });
});
