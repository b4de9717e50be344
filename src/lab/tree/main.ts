/** Entry of `lab.mjs` in the WebContainer tree (see ./index.ts). */
import { main } from './index';

const argv = process.argv.slice(2);
main(argv).then(
  // The servers keep running; the one-shot commands exit now instead of waiting for idle keep-alive sockets.
  () => argv[0] !== 'serve' && argv[0] !== 'check-server' && process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
