import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, from test/deploy/src. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export function repoPath(...segments: string[]): string {
  return path.join(REPO_ROOT, ...segments);
}

export function readRepoFile(...segments: string[]): string {
  return fs.readFileSync(repoPath(...segments), 'utf8');
}

/** The four services this repository deploys, by folder name under services/. */
export const SERVICES = ['onboarding', 'webhook-ingest', 'channel-registry', 'credential-vault'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const ENCRYPTION_KEY_SECRET = 'credential-vault-encryption-key';
export const ENCRYPTION_KEY_VARIABLES = ['CREDENTIAL_ENCRYPTION_KEY', 'ONBOARDING_ENCRYPTION_KEY', 'CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS'] as const;
