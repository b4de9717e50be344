/**
 * A licensed deployment's StackBlitz API key (`PUBLIC_WEBCONTAINER_API_KEY`, inlined at build; see
 * ../deployment). StackBlitz requires a licence for commercial production use of WebContainers and
 * ties the key to the site's origins; `configureAPIKey` must run before the first `boot()`. The key
 * is public by design (it ships in the page), so a public env var is the right home for it.
 */
import type { configureAPIKey } from '@webcontainer/api';

/** Hands `key` to the API's `configureAPIKey` when one is set; returns whether it did. */
export function applyApiKey(
  api: { configureAPIKey: typeof configureAPIKey },
  key: string | undefined = import.meta.env.PUBLIC_WEBCONTAINER_API_KEY,
): boolean {
  const trimmed = key?.trim();
  if (!trimmed) return false;
  api.configureAPIKey(trimmed);
  return true;
}
