/**
 * Astro integration for the lab's build-time assets: the WebContainer tree
 * (../tree/build.ts) is written to dist/lab/webcontainer-tree.json after a build
 * and served from memory by the dev server, so the page always mounts a tree that matches the
 * sandbox server it was built with. Same-origin, like every lab asset (COEP require-corp).
 * It also trims sucrase's unused option validator from the lab's bundles (see `stubs`), and reads
 * PUBLIC_LAB_RUNTIME (../deployment): an unknown value fails the build; `worker` emits no tree.
 * The editor's completion table (`virtual:lab-completions`) is built here too, from the sandbox's
 * type declarations (../completions/build.ts).
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { completionsPlugin } from '../completions/build';
import { labSourcesPlugin } from '../files/plugin';
import { labRuntimeFromEnv } from '../deployment/env';
import { webContainersOn, type LabRuntimeSetting } from '../deployment/index';
import { buildWebContainerTree, TREE_PATH, writeWebContainerTree } from '../tree/build';

/**
 * Dead weight in the lab bundles (sucrase's option validator and the transformers the lab never
 * runs): stubs. Its source-map writer
 * (@jridgewell/gen-mapping, 2.6 KB gzip) stays: the loader maps columns back to the learner's
 * text with sucrase's own map (sandbox-server/src/loader/positions.ts).
 */
const stubs = [
  {
    find: /^ts-interface-checker$/,
    replacement: fileURLToPath(new URL('./stubs/ts-interface-checker.js', import.meta.url)),
  },
  // The transformers the lab's fixed transforms (typescript + imports) never construct, imported by
  // sucrase's RootTransformer ("./X") and getNonTypeIdentifiers ("../transformers/X").
  {
    find: /^(?:\.|\.\.\/transformers)\/(?:JSXTransformer|FlowTransformer|ReactDisplayNameTransformer|ReactHotLoaderTransformer|JestHoistTransformer|ESMImportTransformer)$/,
    replacement: fileURLToPath(new URL('./stubs/sucrase-transformer.js', import.meta.url)),
  },
  // Its Flow parser plugin, imported by the parser's traversers ("../plugins/flow") and only ever
  // called with Flow on: 2.3 KB gzip in the Worker and again in the WebContainer's transpiler.
  {
    find: /^\.\.\/plugins\/flow$/,
    replacement: fileURLToPath(new URL('./stubs/sucrase-flow.js', import.meta.url)),
  },
];

export function labAssets(): AstroIntegration {
  /** PUBLIC_LAB_RUNTIME, read (and validated) once the command is known: it picks the env files. */
  let setting: LabRuntimeSetting = 'auto';
  return {
    name: 'logout-lab:lab-assets',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig, logger }) => {
        // A typo (`wroker`) fails here, before anything is built, with the allowed values.
        setting = labRuntimeFromEnv(
          fileURLToPath(config.root),
          command === 'dev' ? 'development' : 'production',
        );
        if (!webContainersOn(setting))
          logger.info(
            'PUBLIC_LAB_RUNTIME=worker: the lab runs in the Web Worker only; WebContainers are off and no tree is built.',
          );
        updateConfig({
          vite: { resolve: { alias: stubs }, plugins: [completionsPlugin(), labSourcesPlugin()] },
        });
      },
      'astro:server:setup': ({ server }) => {
        if (!webContainersOn(setting)) return;
        server.middlewares.use(`/${TREE_PATH}`, (_req, res, next) => {
          buildWebContainerTree().then(({ tree }) => {
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify(tree));
          }, next);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        // With WebContainers off nothing fetches the tree (the page has no WebContainer adapter): none is emitted.
        if (!webContainersOn(setting)) return;
        const bytes = await writeWebContainerTree(fileURLToPath(new URL(TREE_PATH, dir)));
        logger.info(`WebContainer tree: /${TREE_PATH} (${(bytes / 1024).toFixed(1)} KB, no npm install)`);
      },
    },
  };
}
