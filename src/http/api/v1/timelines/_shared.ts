import { z } from 'zod';
import { paginationSchema } from '../../../pagination.js';

/** A boolean query parameter as clients send it. */
export const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).optional()
  .transform((v) => v === true || v === 'true' || v === '1');

/** The query of the public timelines: every post here is local, so `remote=true` finds nothing. */
export const publicQuery = paginationSchema.extend({ local: flag, remote: flag, only_media: flag });
