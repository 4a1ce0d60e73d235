import express, { type Request, type Response, type Router } from 'express';
import { decidePermission, type PermissionFormFields } from '../domain/permission-form';
import { buildRedirectUrl } from '../domain/redirect-url';
import type { LinkContext, PermissionGrantHandler } from '../lifecycle/permission-grant';
import type { SandboxStore } from '../state/sandbox-store';
import { isHttpUrl } from './partner-api';
import { renderMessagePage, renderPermissionPage } from './permission-page-html';

export interface PermissionPageDeps {
  store: SandboxStore;
  grants: PermissionGrantHandler;
}

/** The documented link parameters (docs: Integrated Onboarding; connect-button README). */
interface LinkQuery {
  state?: string;
  redirect_url?: string;
  number?: string;
  email?: string;
  name?: string;
  lang?: string;
  partner?: string;
  next?: string;
  client_id?: string;
}

/** `GET|POST /dashboard/app/:partnerId/permissions`, the hosted permission page. */
export function permissionPageRouter(deps: PermissionPageDeps): Router {
  const router = express.Router();
  const path = '/dashboard/app/:partnerId/permissions';
  router.get(path, (req, res) => withLink(deps, req, res, (link, query) => res.type('html').send(renderPermissionPage(pageView(deps, req, link, query)))));
  router.post(path, (req, res) => withLink(deps, req, res, (link, query, redirectUrl) => submit(deps, req, res, { link, query, redirectUrl })));
  return router;
}

type LinkHandler = (link: LinkContext, query: LinkQuery, redirectUrl: string) => unknown;

function withLink(deps: PermissionPageDeps, req: Request, res: Response, handle: LinkHandler): unknown {
  const query = readQuery(req);
  const lang = query.lang ?? 'en';
  if (req.params.partnerId !== deps.store.partner.id) {
    return res.status(404).type('html').send(renderMessagePage(lang, 'Partner not found', 'This permission link is not valid.'));
  }
  const redirectUrl = query.redirect_url ?? deps.store.partner.redirectUrl ?? undefined;
  if (!isHttpUrl(redirectUrl)) {
    const message = 'The partner has not configured a valid redirect URL, so the permission can not be shared.';
    return res.status(400).type('html').send(renderMessagePage(lang, 'Permission can not be shared', message));
  }
  const link: LinkContext = { name: query.name, email: query.email, partnerPayload: query.partner, clientId: query.client_id };
  return handle(link, query, redirectUrl);
}

async function submit(deps: PermissionPageDeps, req: Request, res: Response, ctx: { link: LinkContext; query: LinkQuery; redirectUrl: string }): Promise<void> {
  const decision = decidePermission((req.body ?? {}) as PermissionFormFields);
  const lang = ctx.query.lang ?? 'en';
  if (decision.kind === 'cancel') {
    res.type('html').send(renderMessagePage(lang, 'Cancelled', 'No permission was shared. You can close this window.'));
    return;
  }
  if (decision.kind === 'invalid') {
    res.status(400).type('html').send(renderPermissionPage({ ...pageView(deps, req, ctx.link, ctx.query), error: decision.problem }));
    return;
  }
  const outcome = await deps.grants.grant(decision.grant, ctx.link);
  const { settings } = deps.store;
  const location = buildRedirectUrl({
    redirectUrl: ctx.redirectUrl,
    clientId: outcome.client.id,
    channelIds: outcome.channelIds,
    revokedIds: outcome.revokedIds,
    ...(settings.echoState && ctx.query.state !== undefined ? { state: ctx.query.state } : {}),
    malformed: settings.malformedRedirect,
  });
  // The hub sends literal brackets, which res.redirect would percent-encode; only bytes a header
  // can not carry are encoded here.
  res.status(302).setHeader('Location', location.replace(/[^\x21-\x7e]/g, encodeURIComponent)).end();
}

function pageView(deps: PermissionPageDeps, req: Request, link: LinkContext, query: LinkQuery) {
  const client = deps.grants.existingClient(link);
  const existing = client === undefined ? [] : deps.store.channelsOfClient(client.id).filter((c) => !c.permissionRevoked);
  return {
    partnerName: deps.store.partner.brandName,
    actionUrl: req.originalUrl,
    phoneNumbers: (query.number ?? '').replace(/^"(.*)"$/, '$1'),
    displayName: query.name ?? '',
    email: query.email ?? '',
    lang: query.lang ?? 'en',
    showLogin: query.next === 'login',
    existingChannels: existing.map((c) => ({ id: c.id, phoneNumber: c.phoneNumber })),
  };
}

function readQuery(req: Request): LinkQuery {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string') out[key] = value;
  return out;
}
