import { z } from 'zod';

import { plainTextSchema } from './plain-text';

/** Why an operator switches onboarding off for a tenant; the body is optional, and so is the reason. */
export const disableRequestSchema = z.strictObject({
  reason: plainTextSchema(500).optional(),
});
