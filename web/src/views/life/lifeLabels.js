// Colours of the compliance status (org-life.md §3) as labels and Element Plus tag types.
export const COLOURS = [
  { code: 'red', label: '逾期未完成', tag: 'danger' },
  { code: 'yellow', label: '即将到期/需补正', tag: 'warning' },
  { code: 'green', label: '已完成', tag: 'success' },
  { code: 'none', label: '未到提醒期', tag: 'info' },
  { code: 'na', label: '不适用', tag: 'info' },
];
export const colourLabel = (c) => COLOURS.find((x) => x.code === c)?.label || c;
export const colourTag = (c) => COLOURS.find((x) => x.code === c)?.tag || 'info';
