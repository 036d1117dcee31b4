import type { AppError } from '@pregon/domain';
import { z } from 'zod';
import { type FlagSpec, flagField, type ParsedArgs } from './command.ts';
import { usageError } from './usage-error.ts';

type Issue = z.core.$ZodIssue;
type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Flag values keyed by the schema's fields: strings as typed, booleans for switches. */
export type FlagValues<S extends ObjectSchema> = { [K in keyof z.input<S>]?: string | boolean | undefined };

/**
 * Parses flag values with a service's own zod schema before the database is opened, reporting
 * problems per flag: `--port: must be a number between 1 and 65535`.
 * @example input: (args) => validateFlags(createAgencyInput, { slug: args.required('slug') }, args)
 */
export function validateFlags<S extends ObjectSchema>(
  schema: S,
  raw: FlagValues<S>,
  args: ParsedArgs,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw flagsError(result.error, args.flags, args.command, schema, raw);
  return result.data;
}

/** Maps a ZodError (from the CLI or from a service) to one usage error naming the flags. */
export function flagsError(
  error: z.ZodError,
  flags: readonly FlagSpec[],
  command: string | undefined,
  schema?: ObjectSchema,
  raw?: object,
): AppError {
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    if (seen.has(key)) continue;
    seen.add(key);
    const flag = flags.find((f) => flagField(f) === key);
    const label = flag ? `--${flag.name}` : issue.path.join('.') || 'input';
    const absent = raw !== undefined && Object.entries(raw).find(([k]) => k === key)?.[1] === undefined;
    const field = schema === undefined ? undefined : unwrap(schema.shape[key]);
    messages.push(
      `${label}: ${absent && issue.code === 'invalid_type' ? 'is required' : describe(issue, field)}`,
    );
  }
  return usageError(messages.join('; '), command);
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodPrefault
  ) {
    current = current.unwrap();
  }
  return current;
}

// Zod's own English messages start like this; a schema's custom message is shown as written.
const DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized)\b/;

function describe(issue: Issue, field: z.core.$ZodType | undefined): string {
  const custom = !DEFAULT_MESSAGE.test(issue.message);
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return numberRule(field, issue);
      return custom ? issue.message : `must be a ${issue.expected}`;
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') return numberRule(field, issue);
      if (custom) return issue.message;
      if (issue.origin === 'string') return stringLength(issue);
      return issue.message;
    case 'invalid_format':
      if (custom) return issue.message;
      return `must be a valid ${issue.format === 'regex' ? 'value' : issue.format.replaceAll('_', ' ')}`;
    default:
      return issue.message;
  }
}

function stringLength(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  if (issue.code === 'too_small')
    return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
  return `must be at most ${issue.maximum} characters`;
}

/** "must be a number between 1 and 65535", from the schema's bounds when it has them. */
function numberRule(field: z.core.$ZodType | undefined, issue: Issue): string {
  const whole = issue.code === 'invalid_type' && issue.expected === 'int' ? 'whole number' : 'number';
  let min: number | null = null;
  let max: number | null = null;
  if (field instanceof z.ZodNumber) {
    min = bound(field.minValue);
    max = bound(field.maxValue);
  } else if (issue.code === 'too_small') min = Number(issue.minimum);
  else if (issue.code === 'too_big') max = Number(issue.maximum);
  if (min !== null && max !== null) return `must be a ${whole} between ${min} and ${max}`;
  if (min !== null) return `must be a ${whole} of ${min} or more`;
  if (max !== null) return `must be a ${whole} of ${max} or less`;
  return `must be a ${whole}`;
}

// .int() implies the safe-integer range; that is not a bound worth telling anyone about.
function bound(value: number | null): number | null {
  return value === null || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? null : value;
}
