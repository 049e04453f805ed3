import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLayers, type LayersHandle } from './create-layers';
import { createLayerFixture, type LayerFixture } from './layer-fixture';
import type { LayerChange, LayerName } from './layers';

let fixture: LayerFixture;
let handle: LayersHandle;

beforeEach(() => {
  fixture = createLayerFixture();
  handle = createLayers({ home: fixture.home, cwd: fixture.cwd, enterpriseDir: fixture.enterprise, debounceMs: 30, pollMs: 100 });
});

afterEach(() => {
  handle.close();
  fixture.remove();
});

/** Collects changes and waits for one touching `layer` (and, if given, `path`). */
function watch(layers = handle.layers) {
  const changes: LayerChange[] = [];
  const stop = layers.onChange((change) => changes.push(change));
  const waitFor = async (layer: LayerName, path?: string) => {
    for (let waited = 0; waited < 5000; waited += 20) {
      const found = changes.find((change) => change.layers.includes(layer) && (path === undefined || change.paths.includes(path)));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no change reported for ${layer} ${path ?? ''}: ${JSON.stringify(changes)}`);
  };
  return { changes, stop, waitFor };
}

/** Lets the watchers attach before the test touches the disk. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('watching the layer folders', () => {
  it('reports a settings change on disk, and the next read sees it without a restart', async () => {
    const { waitFor } = watch();
    await settle();
    expect(handle.layers.get('model').value).toBe('personal-model');
    fixture.write('home/settings.json', { model: 'edited-on-disk' });
    await waitFor('personal', join(fixture.home, 'settings.json'));
    expect(handle.layers.get('model')).toMatchObject({ value: 'edited-on-disk', layer: 'personal' });
  });

  it('sees files in nested folders of a layer (a new skill in the project)', async () => {
    const { waitFor } = watch();
    await settle();
    fixture.write('work/.dosia/skills/new-skill/SKILL.md', '---\nname: new-skill\n---\n');
    await waitFor('project');
    expect(handle.layers.resolve('skills/new-skill')).toMatchObject({ layer: 'project' });
  });

  it('reports a role switch as a Role change and watches the new role folder', async () => {
    const { waitFor, changes } = watch();
    await settle();
    handle.layers.useRole('designer');
    await waitFor('role', fixture.role('designer'));
    changes.length = 0;
    fixture.write('home/roles/designer/DOSIA.md', 'Designer role.\n');
    await waitFor('role', join(fixture.role('designer'), 'DOSIA.md'));
  });

  it('does not report conversation writes in other sessions as Personal changes', async () => {
    const { changes } = watch();
    await settle();
    fixture.write('home/sessions/other/conversation.jsonl', '{}\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes.flatMap((change) => change.layers)).not.toContain('personal');
  });

  it('picks up a layer folder that appears after watching started', async () => {
    const session = handle.layers.withSession('later');
    const { waitFor } = watch(session);
    await settle();
    mkdirSync(join(fixture.home, 'sessions/later'), { recursive: true });
    await waitFor('session', join(fixture.home, 'sessions/later'));
    fixture.write('home/sessions/later/settings.json', { model: 'later-model' });
    await waitFor('session', join(fixture.home, 'sessions/later/settings.json'));
    expect(session.get('model')).toMatchObject({ value: 'later-model', layer: 'session' });
  });

  it('stops reporting once unsubscribed', async () => {
    const { changes, stop } = watch();
    await settle();
    stop();
    rmSync(join(fixture.home, 'DOSIA.md'));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(changes).toEqual([]);
  });
});
