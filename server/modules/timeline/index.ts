export {
  addTimelineEvent,
  listTimeline,
  getTimelineEvent,
  moveTimeline,
  type NewTimelineEvent,
  type TimelineEntity,
} from './timeline.service.js';
