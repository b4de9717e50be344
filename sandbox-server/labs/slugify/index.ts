/**
 * URL-safe id from a heading: "Why POST?" → "why-post". Here, beside labs/manifest (its mistake-name
 * fixes), because sandbox-server never imports the site; section ids and new-lesson slugs import it.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
