/** Writes the profile's JSON Schema to sandbox-server/labs/audit/profile.schema.json: `npx tsx sandbox-server/labs/audit/profile/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { profileJsonSchema } from '.';

export const SCHEMA_FILE = fileURLToPath(new URL('../profile.schema.json', import.meta.url));

export const schemaText = (): string => `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`Wrote ${SCHEMA_FILE}`);
}
