export {
  ensureDefaultPipeline,
  defaultPipeline,
  getPipeline,
  listPipelines,
  findStage,
  findLostReason,
  listLostReasons,
  canConfigureSales,
  pipelineNames,
  canSeePipeline,
  canSeeLostReason,
  type StageFacts,
} from './pipelines.service.js';
export { pipelinesRoutes } from './pipelines.routes.js';
export type { StageKind } from './pipelines.table.js';
export { pipelineRecord, lostReasonRecord } from './pipelines.record.js';
