import { EXTERNAL_ID_PATTERN } from '@chatpilot/contracts';
import { requireInternalKey, requireTenant, tenantOf, wholeNumberParam } from '@chatpilot/http';
import { type Request, Router } from 'express';
import { z } from 'zod';

import { decodePageToken, encodePageToken } from '../app/page-token';
import type { ChannelQueries } from '../app/ports';
import { getChannel, listChannels, MAX_PAGE_SIZE } from '../app/read-channels';
import { REGISTRY_ERROR_CODES } from '../domain/errors';
import { toChannelResource } from './channel-resource.mapper';
import { toHttpError } from './http-error.mapper';

const listQuery = z.object({
  page_size: z
    .unknown()
    .transform(wholeNumberParam)
    .pipe(z.number().min(1).max(MAX_PAGE_SIZE))
    .optional(),
  page_token: z.string().max(512).optional(),
});

/** The internal read API: `GET /channels`, `GET /channels/:channel_id`, scoped to X-Tenant-Id. */
export function channelRoutes(deps: { queries: ChannelQueries; internalApiKeys: readonly string[] }): Router {
  const router = Router();
  router.use(requireInternalKey(deps.internalApiKeys), requireTenant());

  router.get('/', async (req, res) => {
    const { pageSize, after } = parseListQuery(req);
    const page = await listChannels(deps.queries, tenantOf(req), { ...(pageSize === undefined ? {} : { size: pageSize }), ...(after === undefined ? {} : { after }) });
    res.json({
      channels: page.channels.map(toChannelResource),
      next_page_token: page.nextAfter === undefined ? null : encodePageToken(page.nextAfter),
      total: page.total,
    });
  });

  router.get('/:channel_id', async (req, res) => {
    const channelId = req.params.channel_id;
    const channel = typeof channelId === 'string' && EXTERNAL_ID_PATTERN.test(channelId) ? await getChannel(deps.queries, tenantOf(req), channelId) : undefined;
    // Another tenant's channel answers exactly like a missing one.
    if (channel === undefined) throw toHttpError(REGISTRY_ERROR_CODES.channelNotFound, 'No such channel for this tenant');
    res.json(toChannelResource(channel));
  });

  return router;
}

function parseListQuery(req: Request): { pageSize: number | undefined; after: string | undefined } {
  const parsed = listQuery.safeParse(req.query, { reportInput: false });
  if (!parsed.success) throw toHttpError(REGISTRY_ERROR_CODES.invalidRequest, `page_size must be 1-${MAX_PAGE_SIZE}; page_token a token from a previous page`);
  const after = decodePageToken(parsed.data.page_token);
  if (after === 'invalid') throw toHttpError(REGISTRY_ERROR_CODES.invalidPageToken, 'page_token was not issued by this service');
  return { pageSize: parsed.data.page_size, after };
}
