/**
 * The hand-over from the build to the lab island: the manifest <Lab/> writes into data-lab (the
 * schema's output, via readLabSummary) is what loadLabSources reads, through the same JSON round trip.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLabSummary } from '../../content/lab-manifest';
import { loadLabSources, type LabManifest } from '.';

function handedOver(lessonId: string): LabManifest {
  const summary = readLabSummary(lessonId);
  if (summary === undefined) throw new Error(`${lessonId} has no lab`);
  return JSON.parse(JSON.stringify(summary.manifest)) as LabManifest;
}

describe('loadLabSources', () => {
  it('loads starter, solution and read-only files for the manifest the page hands over', async () => {
    const sources = await loadLabSources('05-session-security', handedOver('05-session-security'));
    expect(sources.manifest.editable).toContain('routes/logout.ts');
    expect(Object.keys(sources.starter).sort()).toEqual([...sources.manifest.editable].sort());
    expect(Object.keys(sources.solution).sort()).toEqual([...sources.manifest.editable].sort());
    expect(sources.solution['routes/logout.ts']).toBe(
      readFileSync('lessons/05-session-security/lab/solution/routes/logout.ts', 'utf8'),
    );
    // Read-only files load when asked for (their tab opens), once.
    const session = sources.readonly['session/index.ts'];
    expect(session).toBeTypeOf('function');
    expect(await session?.()).toBe(readFileSync('sandbox-server/src/session/index.ts', 'utf8'));
    expect(session?.()).toBe(session?.());
  });

  it('gets the schema defaults where lab.json leaves a field out (04 has no "provided")', async () => {
    expect(readFileSync('lessons/04-login-manager/lab/lab.json', 'utf8')).not.toContain('"provided"');
    const { manifest } = await loadLabSources('04-login-manager', handedOver('04-login-manager'));
    expect(manifest.provided).toEqual([]);
  });

  it('names a read-only file the build does not have, at once', async () => {
    const manifest = { ...handedOver('05-session-security')!, readonly: ['nowhere/index.ts'] };
    await expect(loadLabSources('05-session-security', manifest)).rejects.toThrow(
      'Read-only file nowhere/index.ts is missing: expected sandbox-server/src/nowhere/index.ts',
    );
  });

  it('says what is wrong when the page handed nothing over', async () => {
    await expect(loadLabSources('03-basic-logout-route', undefined)).rejects.toThrow(
      'The page did not hand over the manifest of lessons/03-basic-logout-route/lab/lab.json (data-lab): rebuild the site',
    );
  });
});
