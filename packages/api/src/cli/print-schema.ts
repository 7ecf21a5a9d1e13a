import { writeFileSync } from 'node:fs';
import { printSchemaFile, schemaFilePath } from '../schema-file.js';

writeFileSync(schemaFilePath, printSchemaFile());
console.log(`wrote ${schemaFilePath}`);
