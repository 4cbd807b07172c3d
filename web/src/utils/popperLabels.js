// Element Plus renders a picker's drop-down panel (date, month, time) as role="dialog" but gives it
// no accessible name: the picker's aria-label reaches only its input. A screen reader then announces
// a nameless dialog. The trigger carries aria-controls pointing at the panel, so the panel can take
// the trigger's label. Poppers are few and created lazily on first open, hence one observer.

const UNNAMED = '.el-popper[role=dialog]:not([aria-label]):not([aria-labelledby])';

function triggerLabel(panel) {
  if (!panel.id) return null;
  const trigger = document.querySelector(`[aria-controls="${CSS.escape(panel.id)}"]`);
  if (!trigger) return null;
  const labelled = trigger.matches('[aria-label]') ? trigger : trigger.querySelector('[aria-label]');
  return labelled?.getAttribute('aria-label') || null;
}

function labelPanels() {
  for (const panel of document.querySelectorAll(UNNAMED)) {
    const label = triggerLabel(panel);
    if (label) panel.setAttribute('aria-label', label);
  }
}

export function labelPickerPanels(root = document.body) {
  const observer = new MutationObserver(labelPanels);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-controls', 'role'] });
  labelPanels();
  return observer;
}
