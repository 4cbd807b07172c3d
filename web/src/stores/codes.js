// The server's code tables (organization kinds and categories, member categories, statuses,
// genders, educations, ethnicities, employment) and its organization warning rules, loaded once
// after login from GET /api/codes: the console never keeps its own copies. The router guard
// awaits load() before any logged-in page renders, so views can read the lists synchronously.
import { defineStore } from 'pinia';
import * as codesApi from '@/api/codes';

let pending = null;

export const useCodesStore = defineStore('codes', {
  state: () => ({
    tables: {}, // name -> {title, items: [{code, label, ...}]}
    rules: [], // [{rule_id, severity, code, title, explanation, applies_to}]
    loaded: false,
  }),
  getters: {
    orgKinds: (s) => s.tables.org_kinds?.items || [],
    orgCategories: (s) => s.tables.org_categories?.items || [],
    memberCategories: (s) => s.tables.member_categories?.items || [],
    memberStatuses: (s) => s.tables.member_statuses?.items || [],
    genders: (s) => s.tables.genders?.items || [],
    educations: (s) => s.tables.educations?.items || [],
    ethnicities: (s) => s.tables.ethnicities?.items || [],
    employments: (s) => s.tables.employment_categories?.items || [],
    /** Codes of the 党支部 kinds (branch, joint, temporary): members are registered there. */
    branchKinds: (s) => (s.tables.org_kinds?.items || []).filter((k) => k.branch).map((k) => k.code),
    /** Codes of the kinds with elected committees and terms. */
    electedKinds: (s) => (s.tables.org_kinds?.items || []).filter((k) => k.elected).map((k) => k.code),
    rulesById: (s) => Object.fromEntries(s.rules.map((r) => [r.rule_id, r])),
  },
  actions: {
    /** Loads once per page life; a failure leaves empty lists (labels fall back to codes) and is retried next time. */
    async load() {
      if (this.loaded) return;
      if (!pending) {
        pending = codesApi
          .codes()
          .then((c) => {
            this.tables = c.tables || {};
            this.rules = c.org_rules || [];
            this.loaded = true;
          })
          .finally(() => {
            pending = null;
          });
      }
      try {
        await pending;
      } catch {
        // shown as codes instead of labels; the next navigation tries again
      }
    },
    /** The Chinese label of a code in a table ('genders', 'org_kinds', ...); '—' for none. */
    labelOf(table, code) {
      return this.tables[table]?.items.find((x) => x.code === code)?.label || code || '—';
    },
  },
});
