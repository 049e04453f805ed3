import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../../kernel/logger';
import type { AccountsService, AuthenticatedKey } from '../../billing/accounts-service';
import type { GatewayService } from '../../router/gateway-service';
import { sendAdminError } from '../admin/wire-error';
import { marketplaceErrors } from './errors';
import { buildIndex, toIndexVersion } from './marketplace-index';
import type { SkillVisibility } from '../../stores/skill-repository';
import type { Store } from '../../stores/store';
import { publishSkill } from './publish-skill';

export interface MarketplaceRouteOptions {
  readonly store: Store;
  readonly gateway: () => GatewayService;
  readonly accounts: AccountsService;
  readonly meta: { readonly name: string; readonly owner: string };
  readonly maxArchiveBytes: number;
  readonly logger: Logger;
  readonly now?: () => Date;
}

function hasCredentials(request: FastifyRequest): boolean {
  return request.headers['x-api-key'] !== undefined || request.headers.authorization !== undefined;
}

/** Anyone may browse public skills; a key also sees its org's private ones (a bad key is still a 401). */
async function callerOrg(request: FastifyRequest, gateway: GatewayService): Promise<string | null> {
  return hasCredentials(request) ? (await gateway.authenticate(request.headers)).orgId : null;
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function readPublishBody(body: unknown, maxArchiveBytes: number): { archive: Buffer; visibility: SkillVisibility } {
  const fields = (body ?? {}) as { archive?: unknown; visibility?: unknown };
  if (typeof fields.archive !== 'string' || !fields.archive) throw marketplaceErrors.create('BSK_MARKETPLACE_BAD_REQUEST', { reason: 'archive: send the .tar.gz as a base64 string', param: 'archive' });
  const visibility = fields.visibility ?? 'org';
  if (visibility !== 'org' && visibility !== 'public') throw marketplaceErrors.create('BSK_MARKETPLACE_BAD_REQUEST', { reason: 'visibility: must be "org" or "public"', param: 'visibility' });
  const archive = Buffer.from(fields.archive, 'base64');
  if (archive.length > maxArchiveBytes) throw marketplaceErrors.create('BSK_MARKETPLACE_BAD_REQUEST', { reason: `archive: larger than ${maxArchiveBytes} bytes`, param: 'archive' });
  return { archive, visibility };
}

/** GET /v1/skills, GET /v1/skills/{name}/{version}[/archive], POST /v1/skills. */
export function registerMarketplaceRoutes(app: FastifyInstance, options: MarketplaceRouteOptions): void {
  const { store, meta } = options;
  const errorHandler = (error: unknown, _request: FastifyRequest, reply: FastifyReply) => sendAdminError(reply, error, options.logger);
  const findVisible = async (request: FastifyRequest) => {
    const { name, version } = request.params as { name: string; version: string };
    const orgId = await callerOrg(request, options.gateway());
    const entry = await store.getSkillVersion(name, version);
    if (!entry || (entry.visibility !== 'public' && entry.orgId !== orgId)) throw marketplaceErrors.create('BSK_MARKETPLACE_NOT_FOUND', { skill: `${name}@${version}` });
    return entry;
  };

  app.get('/v1/skills', { errorHandler }, async (request) => {
    const query = request.query as { q?: string; tag?: string };
    const orgId = await callerOrg(request, options.gateway());
    return buildIndex(meta, await store.listVisibleSkillVersions(orgId), baseUrl(request), { q: query.q, tag: query.tag });
  });

  app.get('/v1/skills/:name/:version', { errorHandler }, async (request) => {
    const entry = await findVisible(request);
    return { name: entry.name, visibility: entry.visibility, tags: entry.tags, ...toIndexVersion(entry, baseUrl(request)) };
  });

  app.get('/v1/skills/:name/:version/archive', { errorHandler }, async (request, reply) => {
    const entry = await findVisible(request);
    reply.header('content-type', 'application/gzip').header('x-skill-sha256', entry.sha256);
    return reply.send(await store.getSkillArchive(entry.name, entry.version));
  });

  app.post('/v1/skills', { errorHandler }, async (request, reply) => {
    const key: AuthenticatedKey = await options.gateway().authenticate(request.headers);
    options.accounts.authorize(key, { scope: 'skills:publish' });
    const { archive, visibility } = readPublishBody(request.body, options.maxArchiveBytes);
    const entry = await publishSkill(store, { archive, visibility, orgId: key.orgId, now: (options.now ?? (() => new Date()))() });
    options.logger.info({ skill: entry.name, version: entry.version, org: entry.orgId, visibility }, 'skill published');
    return reply.code(201).send({ name: entry.name, visibility, tags: entry.tags, ...toIndexVersion(entry, baseUrl(request)) });
  });
}

