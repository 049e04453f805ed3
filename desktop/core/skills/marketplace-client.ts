import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../layers/atomic-write';
import { skillErrors } from './errors';
import type { MarketplaceSource } from './marketplace-sources';
import { marketplaceValidator } from './skill-schemas';

export type FetchFunction = typeof fetch;

export interface IndexVersion {
  readonly version: string;
  readonly description?: string;
  readonly archive_url: string;
  readonly sha256: string;
  readonly author?: string;
  readonly published_at: string;
}

export interface IndexSkill {
  readonly name: string;
  readonly description: string;
  readonly author?: string;
  readonly tags?: readonly string[];
  readonly visibility?: 'public' | 'org';
  readonly versions: readonly IndexVersion[];
}

/** A marketplace index (schemas/marketplace.schema.json). */
export interface MarketplaceIndex {
  readonly name: string;
  readonly owner: string;
  readonly skills: readonly IndexSkill[];
}

const INDEX_FILE = 'marketplace.json';

function failed(source: MarketplaceSource, reason: string, cause?: unknown) {
  return skillErrors.create('BSK_SKILL_MARKETPLACE_FAILED', { marketplace: source.name, reason }, { cause });
}

function authHeaders(source: MarketplaceSource): Record<string, string> {
  return source.key ? { 'x-api-key': source.key } : {};
}

async function gatewayCall(source: MarketplaceSource, fetchFunction: FetchFunction, url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFunction(url, { ...init, headers: { ...authHeaders(source), ...(init.headers as Record<string, string> | undefined) } });
  } catch (error) {
    throw failed(source, `${url} is unreachable (${(error as Error).message})`, error);
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  throw failed(source, `${response.status} from ${url}: ${body.error?.message ?? response.statusText}`);
}

function validIndex(source: MarketplaceSource, data: unknown): MarketplaceIndex {
  const validate = marketplaceValidator();
  if (validate(data)) return data as MarketplaceIndex;
  const first = validate.errors?.[0];
  throw failed(source, `its index does not match schemas/marketplace.schema.json (${first?.instancePath || '(root)'} ${first?.message ?? ''})`);
}

/** The marketplace's index, optionally searched (`q`) on the gateway side. */
export async function fetchMarketplaceIndex(source: MarketplaceSource, fetchFunction: FetchFunction = fetch, query?: string): Promise<MarketplaceIndex> {
  if (source.kind === 'folder') {
    const file = join(source.location, INDEX_FILE);
    if (!existsSync(file)) return { name: source.name, owner: '', skills: [] };
    try {
      return validIndex(source, JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      if (error instanceof SyntaxError) throw failed(source, `${file} is not JSON (${error.message})`, error);
      throw error;
    }
  }
  const url = `${source.location}/v1/skills${query ? `?q=${encodeURIComponent(query)}` : ''}`;
  return validIndex(source, await (await gatewayCall(source, fetchFunction, url)).json());
}

/** The archive bytes of one version (a folder marketplace's archive_url is relative to its folder and may not leave it). */
export async function fetchSkillArchive(source: MarketplaceSource, version: IndexVersion, fetchFunction: FetchFunction = fetch): Promise<Buffer> {
  if (source.kind === 'gateway') return Buffer.from(await (await gatewayCall(source, fetchFunction, version.archive_url)).arrayBuffer());
  const file = resolve(source.location, version.archive_url);
  if (relative(source.location, file).startsWith(`..${sep}`) || relative(source.location, file) === '..') throw failed(source, `archive_url "${version.archive_url}" leaves the marketplace folder`);
  if (!existsSync(file)) throw failed(source, `archive ${file} is missing`);
  return readFileSync(file);
}

export interface PublishRequest {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly author?: string;
  readonly tags: readonly string[];
  readonly archive: Buffer;
  readonly sha256: string;
  readonly visibility: 'public' | 'org';
  readonly now: Date;
}

/** Publishes to a gateway (POST /v1/skills) or into a folder marketplace (archive + marketplace.json). */
export async function publishToMarketplace(source: MarketplaceSource, request: PublishRequest, fetchFunction: FetchFunction = fetch): Promise<IndexVersion> {
  if (source.kind === 'gateway') {
    const response = await gatewayCall(source, fetchFunction, `${source.location}/v1/skills`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ archive: request.archive.toString('base64'), visibility: request.visibility }),
    });
    return (await response.json()) as IndexVersion;
  }
  return publishToFolder(source, request);
}

async function publishToFolder(source: MarketplaceSource, request: PublishRequest): Promise<IndexVersion> {
  const index = await fetchMarketplaceIndex(source);
  const existing = index.skills.find((skill) => skill.name === request.name);
  if (existing?.versions.some((entry) => entry.version === request.version)) throw failed(source, `${request.name}@${request.version} is already published; versions are immutable`);
  const archiveUrl = `archives/${request.name}-${request.version}.tar.gz`;
  const archiveFile = join(source.location, archiveUrl);
  mkdirSync(dirname(archiveFile), { recursive: true });
  // The index is written last: a reader never sees a version whose archive is not there yet.
  writeFileSync(`${archiveFile}.partial`, request.archive);
  renameSync(`${archiveFile}.partial`, archiveFile);
  const version: IndexVersion = { version: request.version, description: request.description, archive_url: archiveUrl, sha256: request.sha256, ...(request.author ? { author: request.author } : {}), published_at: request.now.toISOString() };
  const skill: IndexSkill = { name: request.name, description: request.description, ...(request.author ? { author: request.author } : {}), tags: request.tags, versions: [version, ...(existing?.versions ?? [])] };
  const skills = [...index.skills.filter((entry) => entry.name !== request.name), skill].sort((a, b) => a.name.localeCompare(b.name));
  writeFileAtomic(join(source.location, INDEX_FILE), `${JSON.stringify({ name: index.name || source.name, owner: index.owner || request.author || source.name, skills }, null, 2)}\n`);
  return version;
}
