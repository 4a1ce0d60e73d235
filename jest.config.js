// Tests run from TypeScript sources: every workspace package name maps to its src/ so no build
// is needed between an edit and a test run (`npm test` still type-checks first with `tsc -b`).
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;
const workspaceDirs = require('./package.json').workspaces.flatMap((pattern) => {
  const parent = path.join(root, pattern.replace('/*', ''));
  if (!fs.existsSync(parent)) return [];
  return fs.readdirSync(parent).map((dir) => path.join(parent, dir));
});

const moduleNameMapper = {};
for (const dir of workspaceDirs) {
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) continue;
  const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  moduleNameMapper[`^${name.replace('/', '\\/')}$`] = path.join(dir, 'src', 'index.ts');
}

const shared = {
  rootDir: root,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.jest.json') }] },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

module.exports = {
  // Integration tests wait on real servers on a busy 2-core box; unit tests finish far below this.
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '\\.int\\.test\\.ts$'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int.test.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
    },
  ],
};
