import type { Env } from '@chatpilot/config';
import { parse } from 'yaml';
import { readRepoFile } from '../repo';
import { interpolate, parseEnvFile } from './interpolation';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  env_file?: unknown;
  profiles?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  read_only?: boolean;
  cap_drop?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export function loadComposeFile(): ComposeFile {
  return parse(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

export function loadEnvExample(): Record<string, string> {
  return parseEnvFile(readRepoFile('.env.example'));
}

/** A service's environment as the container receives it: every value interpolated from `variables`. */
export function containerEnv(service: ComposeService, variables: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value ?? ''), variables)]));
}
