import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fail } from '../../../../errors.js';

export function accountIdParam(request: FastifyRequest): string {
  const { id } = (request.params ?? {}) as { id?: string };
  if (!id || !/^\d{1,20}$/.test(id)) fail('NOT_FOUND');
  return id;
}

export const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).optional()
  .transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === '1'));
