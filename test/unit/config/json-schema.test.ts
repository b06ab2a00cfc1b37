import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeJsonSchema, composeJsonSchemaText } from '../../../src/config/json-schema.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Strict ajv, as an editor would read the file; union types (`"type": ["string", "number"]`) are plain draft-07. */
const validator = (() => {
  let compiled: ReturnType<Ajv['compile']> | undefined;
  return () => {
    if (!compiled) {
      const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
      addFormats.default(ajv);
      compiled = ajv.compile(composeJsonSchema());
    }
    return compiled;
  };
})();

describe('the JSON Schema for editors', () => {
  it('is committed as generated from the validation code (npm run build && npm run schema)', async () => {
    const committed = await readFile(join(ROOT, 'schema', 'testbed.schema.json'), 'utf8');
    expect(committed).toBe(composeJsonSchemaText());
  });

  it('is draft-07', () => {
    expect(composeJsonSchema().$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts the quick start example', async () => {
    const validate = validator();
    const file = parse(await readFile(join(ROOT, 'examples', 'quickstart', 'compose.yaml'), 'utf8'));
    expect(validate(file), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('flags an unknown key and a wrong type, but allows x-* keys', () => {
    const validate = validator();
    expect(validate({ services: { web: { image: 'nginx', 'x-notes': 'fine' } }, 'x-anchors': {} })).toBe(true);
    expect(validate({ services: { web: { image: 'nginx', imagee: 'typo' } } })).toBe(false);
    expect(validate({ services: { web: { image: 'nginx', ports: '8080:80' } } })).toBe(false);
    expect(validate({ services: { web: { image: 'nginx', restart: 5 } } })).toBe(false);
  });
});
