/** Stable error codes of pipelines, stages and lost reasons (messages in contracts/i18n/sales.ts). */
export const PipelineErrors = {
  notFound: 'PIPELINE_NOT_FOUND',
  hasOpenDeals: 'PIPELINE_HAS_OPEN_DEALS',
  last: 'PIPELINE_LAST',
  stageHasDeals: 'STAGE_HAS_DEALS',
  stagesInvalid: 'PIPELINE_STAGES_INVALID',
  lostReasonNotFound: 'LOST_REASON_NOT_FOUND',
} as const;
