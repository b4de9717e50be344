/**
 * `npm start`: serve the built site (dist/) in production. PORT (default 4321), HOST (default: all
 * interfaces), DIST (default: dist/ of this project) and the opt-in Strict-Transport-Security
 * (HSTS, PUBLIC_URL: see ./hsts) come from the environment.
 * Run with the project's Node 22 (type stripping runs this file without a build step).
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { hstsFromEnv } from './hsts/index.ts';
import { startServer } from './node/index.ts';

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 4321;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > 65535) {
    console.error(`PORT must be an integer between 0 and 65535, got "${value}"`);
    process.exit(1);
  }
  return parsed;
}

const root = process.env['DIST']
  ? resolve(process.env['DIST'])
  : fileURLToPath(new URL('../../dist', import.meta.url));
const log = (line: string) => console.log(line);

let strictTransportSecurity: string | undefined;
try {
  strictTransportSecurity = hstsFromEnv({ HSTS: process.env['HSTS'], PUBLIC_URL: process.env['PUBLIC_URL'] });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

try {
  const started = Date.now();
  const running = await startServer({
    strictTransportSecurity,
    root,
    port: port(process.env['PORT']),
    ...(process.env['HOST'] ? { hostname: process.env['HOST'] } : {}),
    log,
  });
  log(
    `Logout Lab serving ${root} at ${running.url} (${running.site.files} files, ${Math.round(running.site.bytesInMemory / 1024)} KiB in memory, ready in ${Date.now() - started} ms)`,
  );
  if (strictTransportSecurity) log(`Strict-Transport-Security: ${strictTransportSecurity}`);
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    log(`${signal}: draining connections`);
    void running.close().then(() => {
      log('closed');
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
