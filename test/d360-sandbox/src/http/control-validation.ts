import type { Response } from 'express';
import type { z } from 'zod';

/** Parses a control API body; answers 400 with the zod issues and returns undefined when invalid. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, res: Response): z.infer<T> | undefined {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  res.status(400).json({ error: 'invalid_request', issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return undefined;
}

export function notFound(res: Response, what: string): void {
  res.status(404).json({ error: 'not_found', message: `${what} not found` });
}
