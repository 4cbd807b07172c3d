// Chinese labels of the transfer API's own enumerations (states, refusal reason codes, timeline
// actions). GET /api/codes has no table for them; the server's own `state_label` is shown when a
// case carries it, these are for filters, tags and the timeline.
export const STATES = [
  { code: 'draft', label: '待转出党组织审批', short: '待审批', type: 'warning' },
  { code: 'in_transit', label: '逐级转递中', short: '转递中', type: 'warning' },
  { code: 'issued', label: '待接收党组织接收', short: '待接收', type: 'primary' },
  { code: 'accepted', label: '已接收', short: '已接收', type: 'success' },
  { code: 'rejected', label: '接收党组织拒绝接收', short: '拒绝接收', type: 'danger' },
  { code: 'cancelled', label: '转出党组织不同意转出', short: '不同意转出', type: 'info' },
  { code: 'returned', label: '转递中被退回', short: '已退回', type: 'danger' },
];
const byCode = (code) => STATES.find((s) => s.code === code);
export const stateLabel = (code) => byCode(code)?.label || code || '—';
export const stateShort = (code) => byCode(code)?.short || code || '—';
export const stateType = (code) => byCode(code)?.type || 'info';
export const isOpen = (code) => code === 'draft' || code === 'in_transit' || code === 'issued';

/** Refusal reason codes (R-T05: a code and a written reason are both required). */
export const REFUSAL_REASONS = [
  { code: 'incomplete', label: '材料不全' },
  { code: 'wrong_org', label: '接收党组织有误' },
  { code: 'not_eligible', label: '不符合转接条件' },
  { code: 'other', label: '其他' },
];
export const refusalLabel = (code) => REFUSAL_REASONS.find((r) => r.code === code)?.label || code || '—';

export const ACTIONS = {
  request: '提出申请', approve: '转出党组织审批同意', refuse: '拒绝', accept: '接收党组织接收', forward: '逐级转递', return: '退回',
};
/** Tag types of the hops of a path (GET /api/transfers/{id} → path.hops[].state). */
export const HOP_TYPES = { waiting: 'info', pending: 'warning', forwarded: 'success', accepted: 'success', returned: 'danger', refused: 'danger' };
/** The hop a case waits at (multi-hop paths), or null. */
export const pendingHop = (t) => t?.path?.hops?.find((h) => h.state === 'pending') || null;
export const REQUESTED_BY = { member: '党员本人申请', branch: '党支部提出' };

/** What happens next, for the member and for the list (one sentence). */
export function nextStep(t) {
  const hop = t.path_kind === 'multi_hop' ? pendingHop(t) : null;
  if (hop && hop.role === 'forward') return `逐级转接：等待${hop.org.name}办理（${hop.role_label}）；接收前组织关系仍在${t.from_org.name}`;
  if (t.state === 'draft') return `等待${t.from_org.name}审批同意转出`;
  if (t.state === 'in_transit') return `逐级转递中；接收前组织关系仍在${t.from_org.name}`;
  if (t.state === 'issued') return `等待${t.to_org.name}接收；接收前组织关系仍在${t.from_org.name}`;
  if (t.state === 'accepted') return `组织关系已转入${t.to_org.name}`;
  if (t.state === 'rejected') return '接收党组织拒绝接收，可与党支部联系后重新申请';
  if (t.state === 'cancelled') return '转出党组织不同意转出，可与党支部联系后重新申请';
  if (t.state === 'returned') return '逐级转递中被退回，组织关系仍在转出党组织，可补正后重新申请';
  return '';
}
