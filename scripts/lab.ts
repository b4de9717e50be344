/** Entry of `npm run lab -- <command>` (run with tsx); see sandbox-server/labs/cli. */
import { main } from '../sandbox-server/labs/cli';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => console.log(text),
  stderr: (text) => console.error(text),
  signal: controller.signal,
  progress: { tty: process.stderr.isTTY, write: (chunk) => process.stderr.write(chunk) },
});
