// The organization selected in the side panel. Pages that work on "an organization" read
// `selected` (falling back to the first root of the caller's scope) and watch `selectedId`.
import { defineStore } from 'pinia';
import { scopeRoots } from '@/api/orgs';

const KEY = 'lianxin.selectedOrg';

function load() {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return v && typeof v.id === 'number' ? v : null;
  } catch {
    return null;
  }
}

export const useOrgStore = defineStore('org', {
  state: () => ({
    selected: load(), // {id, name, kind, kind_label, path} | null
    panelOpen: true,
    revision: 0, // bumped when the tree changed (a page created/moved/dissolved an organization)
  }),
  getters: {
    selectedId: (s) => s.selected?.id ?? null,
  },
  actions: {
    select(org) {
      this.selected = org
        ? { id: org.id, name: org.name, kind: org.kind, kind_label: org.kind_label, path: org.path }
        : null;
      if (this.selected) sessionStorage.setItem(KEY, JSON.stringify(this.selected));
      else sessionStorage.removeItem(KEY);
    },
    /** Select only when nothing is selected yet (the panel does this with the first root). */
    selectDefault(org) {
      if (!this.selected && org) this.select(org);
    },
    /** Pick the first root of the caller's scope when nothing is selected (phones have no panel open). */
    async ensureDefault() {
      if (this.selected) return;
      const { items } = await scopeRoots();
      this.selectDefault(items[0]);
    },
    treeChanged() {
      this.revision++;
    },
    reset() {
      this.select(null);
      this.revision++;
    },
  },
});
