import { EXTERNAL_ID_PATTERN } from '@chatpilot/contracts';

const PREFIX = 'v1:';

/** An opaque cursor: the last channel id of a page. */
export function encodePageToken(lastChannelId: string): string {
  return Buffer.from(`${PREFIX}${lastChannelId}`, 'utf8').toString('base64url');
}

/** The channel id to continue after; undefined for the first page; 'invalid' for a token we did not issue. */
export function decodePageToken(token: string | undefined): string | undefined | 'invalid' {
  if (token === undefined || token === '') return undefined;
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return 'invalid';
  const lastChannelId = decoded.slice(PREFIX.length);
  return EXTERNAL_ID_PATTERN.test(lastChannelId) ? lastChannelId : 'invalid';
}
