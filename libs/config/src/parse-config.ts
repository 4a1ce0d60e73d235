import { z } from 'zod';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Thrown once at start-up with every problem found; never carries a variable's value. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `${service}: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against a zod object whose keys are variable names. Empty strings
 * count as unset, so `FOO=` in a compose file behaves like a missing variable.
 */
export function parseConfig<Shape extends z.ZodRawShape>(
  service: string,
  schema: z.ZodObject<Shape>,
  env: Env,
): z.infer<z.ZodObject<Shape>> {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  const result = schema.safeParse(input, { reportInput: false });
  if (result.success) return result.data;
  throw new ConfigError(service, result.error.issues.map((issue) => describeIssue(issue, input)));
}

// A schema's own message (a URL's, say) would otherwise stand for an unset variable too.
function describeIssue(issue: z.core.$ZodIssue, input: Readonly<Record<string, string>>): ConfigProblem {
  const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
  if (issue.code === 'invalid_type' && issue.path.length === 1 && !Object.hasOwn(input, variable)) {
    return { variable, problem: 'is required but not set' };
  }
  return { variable, problem: issue.message };
}
