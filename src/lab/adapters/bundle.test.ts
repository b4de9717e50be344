/**
 * `PUBLIC_LAB_RUNTIME=worker` must keep the WebContainer out of the build, not only out of the
 * table: the table is bundled with Vite (the bundler Astro uses) with the value inlined as a build
 * inlines it, and the chunks are searched for the adapter and @webcontainer/api. The default build
 * is the control: there the probe does find them.
 */
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

async function bundledModules(value: string | undefined): Promise<string[]> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'import.meta.env.PUBLIC_LAB_RUNTIME': JSON.stringify(value) },
    build: {
      write: false,
      minify: true,
      lib: { entry: fileURLToPath(new URL('./index.ts', import.meta.url)), formats: ['es'] },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  return (Array.isArray(out) ? out : [out])
    .flatMap((result) => result.output)
    .flatMap((file) => (file.type === 'chunk' ? Object.keys(file.modules) : []));
}

const webContainerCode = (modules: string[]) =>
  modules.filter((id) => /\/src\/lab\/webcontainer\/|@webcontainer\/api/.test(id));

describe('the bundled runtime table', () => {
  it('PUBLIC_LAB_RUNTIME=worker: no WebContainer adapter and no @webcontainer/api in any chunk, the Worker still there', async () => {
    const modules = await bundledModules('worker');
    expect(webContainerCode(modules)).toEqual([]);
    expect(modules.some((id) => id.includes('/src/lab/worker/index.ts'))).toBe(true);
  }, 60_000);

  it('default (auto): the WebContainer adapter and the API are bundled, as their own lazy chunks', async () => {
    const modules = await bundledModules(undefined);
    expect(webContainerCode(modules)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/src/lab/webcontainer/index.ts'),
        expect.stringContaining('@webcontainer/api'),
      ]),
    );
  }, 60_000);
});
