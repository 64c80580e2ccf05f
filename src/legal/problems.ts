import type { z } from 'zod';

/**
 * Turns zod's issues into sentences a desk clerk can act on: the field path first, then what is wrong in plain
 * words. Shared by the demand intake and the authority catalog so both report problems the same way.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const where = fieldPath(issue.path);
    for (const what of describeIssue(issue, valueAt(input, issue.path))) out.push(`${where}: ${what}`);
  }
  return [...new Set(out)];
}

/** `issuer.officer.title`, `targets[0].account`; the whole document is `(document)`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string[] {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return ['is missing'];
      return [`must be ${expectedWords(issue.expected)}, not ${kindOf(value)}`];
    case 'invalid_value':
      return [`must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value)}`];
    case 'unrecognized_keys':
      return issue.keys.map((k) => `has an unknown field "${k}" (a misspelling? unknown fields are refused so that nothing is silently ignored)`);
    case 'too_small':
      if (issue.origin === 'array') return [`must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`];
      if (issue.origin === 'string') return ['must not be empty'];
      return [`must be at least ${issue.minimum}`];
    case 'too_big':
      return [`must be at most ${issue.maximum}`];
    case 'invalid_union':
      return value === undefined ? ['is missing'] : [`has the wrong form (${kindOf(value)})`];
    case 'invalid_format':
      // Custom messages (set on the schema) are already plain words; zod's own start with "Invalid".
      return [issue.message.startsWith('Invalid') ? `is not a valid ${issue.format}` : issue.message];
    default:
      return [issue.message];
  }
}

function expectedWords(expected: string): string {
  switch (expected) {
    case 'string': return 'text';
    case 'number': return 'a number';
    case 'int': return 'a whole number';
    case 'boolean': return 'true or false';
    case 'array': return 'a list';
    case 'object': return 'an object (a group of fields)';
    case 'null': return 'null';
    default: return expected;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
