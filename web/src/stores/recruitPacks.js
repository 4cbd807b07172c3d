// The built-in recruitment rule packs (GET /api/recruitment/packs): stage and step names, what each
// step records (people, documents, result), rules and notice points. Loaded once, on the first
// recruitment page; the console keeps no copy of the 25 steps.
import { defineStore } from 'pinia';
import { listPacks } from '@/api/recruit';

let pending = null;

export const useRecruitPacksStore = defineStore('recruitPacks', {
  state: () => ({ packs: [], overlays: [], defaultPackId: '', loaded: false }),
  getters: {
    defaultPack: (s) => s.packs.find((p) => p.id === s.defaultPackId) || s.packs[0] || null,
  },
  actions: {
    async load() {
      if (this.loaded) return;
      if (!pending) {
        pending = listPacks()
          .then((r) => {
            this.packs = r.packs || [];
            this.overlays = r.overlays || [];
            this.defaultPackId = r.default_pack_id || '';
            this.loaded = true;
          })
          .finally(() => {
            pending = null;
          });
      }
      await pending;
    },
    /** The built-in pack a case's pack id derives from ("recruit/2014细则+local/common" → recruit/2014细则). */
    packOf(packId) {
      const base = String(packId || '').split('+')[0];
      return this.packs.find((p) => p.id === base) || this.defaultPack;
    },
  },
});
