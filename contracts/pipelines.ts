import { z } from 'zod';
import { int32 } from './common.js';

export const stageKinds = ['open', 'won', 'lost'] as const;
export const stageKindSchema = z.enum(stageKinds);

export const stageSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: int32(),
  probability: int32().min(0).max(100),
  rottingDays: int32().nullable(),
  kind: stageKindSchema,
  /** Deals enter it only while their client is not on credit hold (409 CREDIT_HOLD otherwise). */
  requiresCreditClearance: z.boolean(),
});
export type Stage = z.infer<typeof stageSchema>;

export const pipelineSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: int32(),
  isDefault: z.boolean(),
  stages: z.array(stageSchema),
  version: int32(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Pipeline = z.infer<typeof pipelineSchema>;

/** A stage in a create/patch body: with `id` it updates that stage, without it adds one. Order = array order. */
export const stageInput = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(100),
  probability: int32().min(0).max(100).optional(),
  rottingDays: int32().min(1).max(3650).nullable().optional(),
  kind: stageKindSchema.default('open'),
  requiresCreditClearance: z.boolean().optional(),
});
export type StageInput = z.infer<typeof stageInput>;

export const createPipelineBody = z.object({
  name: z.string().trim().min(1).max(200),
  isDefault: z.boolean().optional(),
  position: int32().min(0).optional(),
  stages: z.array(stageInput).min(3).max(50),
});
export type CreatePipeline = z.infer<typeof createPipelineBody>;

export const updatePipelineBody = z.object({
  version: int32(),
  name: z.string().trim().min(1).max(200).optional(),
  isDefault: z.boolean().optional(),
  position: int32().min(0).optional(),
  /** The complete ordered list: stages left out are removed (only when no deal is in them). */
  stages: z.array(stageInput).min(3).max(50).optional(),
});
export type UpdatePipeline = z.infer<typeof updatePipelineBody>;

export const pipelineListSchema = z.object({ items: z.array(pipelineSchema) });

export const lostReasonSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: int32(),
  isActive: z.boolean(),
  version: int32(),
});
export type LostReason = z.infer<typeof lostReasonSchema>;

export const createLostReasonBody = z.object({
  name: z.string().trim().min(1).max(200),
  position: int32().min(0).optional(),
});
export const updateLostReasonBody = z.object({
  version: int32().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  position: int32().min(0).optional(),
  isActive: z.boolean().optional(),
});
export const listLostReasonsQuery = z.object({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const lostReasonListSchema = z.object({ items: z.array(lostReasonSchema) });
