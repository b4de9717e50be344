/**
 * Imported first by the Worker entry: ES modules evaluate in import order, so the header-keeping
 * Request/Response are the globals before Hono or the checks touch them.
 */
import { installHeaderShim } from '../forbidden-headers';

installHeaderShim();
