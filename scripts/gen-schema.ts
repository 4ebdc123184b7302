// Writes resources/schema/waymark.schema.json from the zod source of truth.
// A test (test/schema-published.test.ts) fails when the file is out of date.
import { writeFileSync } from 'node:fs';
import { generateSpecJsonSchema } from '../shared/spec/json-schema-gen';

const file = new URL('../resources/schema/waymark.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(generateSpecJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
