import { defineErrors } from '../../platform/errors.js';

/** Errors of pipelines, stages and lost reasons (messages in contracts/i18n/sales.ts). */
export const PipelineErrors = defineErrors('pipelines', {
  PIPELINE_NOT_FOUND: { status: 404 },
  PIPELINE_HAS_OPEN_DEALS: { status: 409 },
  PIPELINE_LAST: { status: 409 },
  STAGE_HAS_DEALS: { status: 409 },
  PIPELINE_STAGES_INVALID: { status: 422 },
  LOST_REASON_NOT_FOUND: { status: 404 },
});
