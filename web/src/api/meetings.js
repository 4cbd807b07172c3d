import { api, request } from './client';

/** One page of meetings (org, from, to, type, state, limit, after). */
export const listMeetings = (query) => api.get('/api/meetings', query);
export const getMeeting = (id) => api.get(`/api/meetings/${id}`);
export const planMeeting = (body) => api.post('/api/meetings', body);
export const editMeeting = (id, body) => api.patch(`/api/meetings/${id}`, body);
export const cancelMeeting = (id, reason) => api.post(`/api/meetings/${id}/cancel`, { reason });
/** The check-in QR code: {svg, url, expiresAt} (the token inside lives checkin-token-seconds). */
export async function getCheckinQr(id) {
  const res = await request('GET', `/api/meetings/${id}/checkin-qr`, { raw: true });
  return { svg: await res.text(), url: res.headers.get('X-Checkin-Url'), expiresAt: res.headers.get('X-Checkin-Expires-At') };
}
export const getCheckinLink = (id) => api.get(`/api/meetings/${id}/checkin-link`);
export const manualCheckin = (id, attendeeId, reason) => api.post(`/api/meetings/${id}/attendees/${attendeeId}/checkin`, { reason });
export const decideLeave = (id, attendeeId, approve) => api.post(`/api/meetings/${id}/attendees/${attendeeId}/leave`, { approve });
export const recordMeeting = (id, body) => api.post(`/api/meetings/${id}/record`, body);
export const addVote = (id, body) => api.post(`/api/meetings/${id}/votes`, body);
export const uploadMeetingFile = (id, file) =>
  request('POST', `/api/meetings/${id}/files`, {
    query: { filename: file.name }, body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' },
  });
export const deleteMeetingFile = (id, fileId) => api.del(`/api/meetings/${id}/files/${fileId}`);
export const meetingFileUrl = (id, fileId) => `/api/meetings/${id}/files/${fileId}`;

/** The member's own: {upcoming, attendance (by month)}. */
export const getOwnMeetings = () => api.get('/api/auth/me/meetings');
export const checkin = (token) => api.post('/api/auth/me/meetings/checkin', { token });
export const requestLeave = (id, reason) => api.post(`/api/auth/me/meetings/${id}/leave`, { reason });

export const MEETING_TYPES = [
  { value: 'member_meeting', label: '支部党员大会' },
  { value: 'committee', label: '支部委员会会议' },
  { value: 'group', label: '党小组会' },
  { value: 'lecture', label: '党课' },
  { value: 'theme_day', label: '主题党日' },
  { value: 'life_meeting', label: '组织生活会' },
  { value: 'appraisal', label: '民主评议党员' },
  { value: 'talk', label: '谈心谈话' },
];
export const typeLabel = (v) => MEETING_TYPES.find((t) => t.value === v)?.label || v;
export const STATE_LABELS = { planned: '计划中', held: '已召开', cancelled: '已取消' };
export const ATTENDEE_STATUS = { expected: '未签到', present: '已签到', leave: '请假', absent: '缺席' };
export const VIA_LABELS = { qr: '扫码', link: '链接', manual: '代签' };
