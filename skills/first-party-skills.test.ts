import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../scripts/e2e/gateway-harness';
import { loadValidSkill } from '../desktop/core/skills/pack-skill';
import { startCaptureProxy, startSkillCli, type SkillCliHarness } from '../desktop/core/skills/skill-cli-harness';

const SKILLS_FOLDER = import.meta.dirname;
const SKILLS = readdirSync(SKILLS_FOLDER).filter((name) => statSync(join(SKILLS_FOLDER, name)).isDirectory()).sort();

let gateway: GatewayHarness;
let proxy: Awaited<ReturnType<typeof startCaptureProxy>>;
let dosia: SkillCliHarness;

beforeAll(async () => {
  gateway = await startGatewayHarness();
  proxy = await startCaptureProxy(gateway.url);
  dosia = await startSkillCli({ providers: { bytespike: { type: 'bytespike', url: proxy.url, key: gateway.apiKey } } });
});
afterAll(async () => {
  await dosia?.close();
  await proxy?.close();
  await gateway?.close();
});

describe('first-party skills', () => {
  it('are the five the README lists', () => {
    expect(SKILLS).toEqual(['commit-message-writer', 'compare-and-judge', 'document-summariser', 'image-prompt-designer', 'translation']);
  });

  it.each(SKILLS)('%s validates and its examples run against the simulator, its gateway flags on every request', async (name) => {
    const folder = join(SKILLS_FOLDER, name);
    expect(await dosia.cli('skill', 'validate', folder)).toMatchObject({ code: 0, out: expect.stringContaining(`${name}@1.0.0 is valid`) });
    proxy.requests.length = 0;
    const tested = await dosia.cli('skill', 'test', folder);
    expect(tested.out).toMatch(/(\d+)\/\1 examples passed/);
    expect(tested.code).toBe(0);
    const flags = loadValidSkill(folder).manifest.dosia?.gateway;
    const sent = proxy.requests.filter((request) => request.path.startsWith('/v1/messages')).map((request) => JSON.parse(String(request.headers['x-bytespike-flags'])));
    expect(sent.length).toBeGreaterThan(0);
    for (const header of sent) expect(header).toEqual(flags);
  });

  it('exercise the features they stand for', () => {
    expect(loadValidSkill(join(SKILLS_FOLDER, 'document-summariser')).manifest.dosia?.gateway?.cache).toEqual({ ttl_s: 3600 });
    expect(loadValidSkill(join(SKILLS_FOLDER, 'translation')).manifest.dosia?.gateway?.fallback).toHaveLength(3);
    expect(loadValidSkill(join(SKILLS_FOLDER, 'image-prompt-designer')).manifest.dosia?.permissions?.mcp_tools).toEqual(['mcp__image-tools__generate_image']);
    expect(loadValidSkill(join(SKILLS_FOLDER, 'compare-and-judge')).manifest.dosia?.models?.allowed).toHaveLength(3);
  });
});
