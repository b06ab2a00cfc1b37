/**
 * The JSON Schema of the file format (Compose + x-testbed) for editors, generated from
 * the same zod schema that validates files, so the two cannot disagree.
 */
import { z } from 'zod';
import { isClosed } from './schema/marks.js';
import { composeSchema } from './schema/compose.js';

export function composeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(composeSchema, {
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => {
      // Validation lets unknown keys through (they are warnings); editors should flag them, as Compose's schema does.
      if (isClosed(ctx.zodSchema)) {
        ctx.jsonSchema.additionalProperties = false;
        ctx.jsonSchema.patternProperties = { '^x-': {} };
      }
    },
  }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'Testbed project file',
    description:
      'A Compose file as Testbed reads it: the Compose keys Testbed supports, the ones it ignores with a warning, and Testbed\'s own settings under x-testbed.',
    ...schema,
  };
}

/** The schema as the committed file holds it: two-space JSON with a final newline, so diffs stay small. */
export function composeJsonSchemaText(): string {
  return `${JSON.stringify(composeJsonSchema(), null, 2)}\n`;
}
