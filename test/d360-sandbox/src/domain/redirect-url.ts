export interface RedirectParams {
  /** The partner's redirect URL (the link's `redirect_url` or the hub's `partner_redirect_url`). */
  redirectUrl: string;
  clientId: string;
  channelIds: readonly string[];
  revokedIds: readonly string[];
  /** Echoed as `state=` only when set: 360dialog does not document echoing it. */
  state?: string;
  /** Always joins with `?`, producing the `…?state=X?client=…` form some integrations report. */
  malformed?: boolean;
}

/** `[a,b]`: literal brackets, comma separated, no quotes, as the Integrated Onboarding docs show. */
export function formatIdList(ids: readonly string[]): string {
  return `[${ids.join(',')}]`;
}

/**
 * Builds the URL 360dialog redirects the browser to after the permission page. Query values are
 * appended verbatim (ids are alphanumeric; brackets stay literal like the real hub sends them);
 * a fragment in the partner URL stays at the end.
 */
export function buildRedirectUrl(params: RedirectParams): string {
  const hashAt = params.redirectUrl.indexOf('#');
  const base = hashAt === -1 ? params.redirectUrl : params.redirectUrl.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : params.redirectUrl.slice(hashAt);

  const pairs = [`client=${params.clientId}`, `channels=${formatIdList(params.channelIds)}`];
  if (params.revokedIds.length > 0) pairs.push(`revoked=${formatIdList(params.revokedIds)}`);
  if (params.state !== undefined) pairs.push(`state=${encodeURIComponent(params.state)}`);

  return `${base}${separatorFor(base, params.malformed === true)}${pairs.join('&')}${fragment}`;
}

function separatorFor(base: string, malformed: boolean): string {
  if (malformed || !base.includes('?')) return '?';
  return base.endsWith('?') || base.endsWith('&') ? '' : '&';
}
