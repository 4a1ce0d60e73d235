import { plainTextSchema } from '@chatpilot/contracts';
import { z } from 'zod';

/** Why an operator switches onboarding off for a tenant; the body is optional, and so is the reason. */
export const disableRequestSchema = z.strictObject({
  reason: plainTextSchema(500).nullish(),
});
