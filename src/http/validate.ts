import type { z } from 'zod';
import { fail } from '../errors.js';
import { describeZod } from './plugins/errors.js';

/** Validates input at the edge: a clear 422 in Mastodon's error format, never a half-parsed value. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) fail('VALIDATION', `Validation failed: ${describeZod(result.error)}`);
  return result.data;
}
