// Chinese labels of the recruitment API's own enumerations (case states, finding severities,
// conversion outcomes). GET /api/codes has no table for them; step, stage and rule names come
// from the packs (stores/recruitPacks.js) and messages from the engine.
export const STATES = [
  { code: 'in_progress', label: '进行中' },
  { code: 'completed', label: '已完成' },
  { code: 'rejected', label: '未通过' },
  { code: 'cancelled', label: '已终止' },
];
export const stateLabel = (code) => STATES.find((s) => s.code === code)?.label || code || '—';

/** Severity → label and el-tag type. */
export const SEVERITIES = {
  BLOCK: { label: '阻断', type: 'danger' },
  WARN: { label: '警告', type: 'warning' },
  REMIND: { label: '提醒', type: 'info' },
};
export const severityLabel = (s) => SEVERITIES[s]?.label || s;
export const severityType = (s) => SEVERITIES[s]?.type || 'info';

export const CONVERSION_OUTCOMES = [
  { code: 'on_time', label: '按期转正' },
  { code: 'extend', label: '延长预备期' },
  { code: 'cancel', label: '取消预备党员资格' },
];
