import { randomBytes } from 'node:crypto';

import type { Request, Response } from 'express';

const COOKIE = 'chatpilot_demo_tenant';
const TENANT_PATTERN = /^demo-[0-9a-f]{12}$/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The demo's stand-in for a signed-in ChatPilot account: each browser is its own tenant, kept in
 * a cookie, so several people (or tests) can onboard side by side without seeing each other.
 */
export function tenantOfBrowser(req: Request, res: Response): string {
  const existing = readCookie(req.get('cookie') ?? '', COOKIE);
  if (existing !== undefined && TENANT_PATTERN.test(existing)) return existing;
  const tenantId = `demo-${randomBytes(6).toString('hex')}`;
  res.append('set-cookie', `${COOKIE}=${tenantId}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; HttpOnly; SameSite=Lax`);
  return tenantId;
}

function readCookie(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
