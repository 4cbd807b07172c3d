// The logged-in account: who, which grants, which permissions. `can(perm)` drives menus and buttons
// (the server checks again on every request; this only hides what would be refused).
import { defineStore } from 'pinia';
import * as authApi from '@/api/auth';
import { setCsrfToken } from '@/api/client';

export const useAuthStore = defineStore('auth', {
  state: () => ({
    user: null, // the Me object of GET /api/auth/me
    loaded: false, // the start-up probe ran
  }),
  getters: {
    loggedIn: (s) => !!s.user,
    mustChangePassword: (s) => !!s.user?.must_change_password,
    displayName: (s) => s.user?.display_name || s.user?.username || '',
    permissions: (s) => new Set(s.user?.permissions || []),
    roleNames: (s) => [...new Set((s.user?.grants || []).map((g) => g.role_name || g.role))],
  },
  actions: {
    can(perm) {
      if (!perm) return true;
      if (perm === 'self') return this.loggedIn;
      if (perm === 'member.self') return !!this.user?.member_id; // an account linked to a member record
      const perms = Array.isArray(perm) ? perm : [perm];
      return perms.some((p) => this.permissions.has(p));
    },
    setUser(user) {
      this.user = user || null;
      setCsrfToken(user?.csrf_token || '');
    },
    /** Asks the server who we are (once at start-up, and after a password change). */
    async fetchMe() {
      try {
        this.setUser(await authApi.me());
      } catch (e) {
        if (e.status !== 401) throw e;
        this.setUser(null);
      } finally {
        this.loaded = true;
      }
      return this.user;
    },
    async login(loginName, password) {
      const r = await authApi.login(loginName, password);
      this.setUser(r.user);
      this.loaded = true;
      return r.user;
    },
    async logout() {
      try {
        await authApi.logout();
      } catch {
        // an expired session is logged out already
      }
      this.clear();
    },
    /** Forget the session locally (after a 401). */
    clear() {
      this.setUser(null);
      this.loaded = true;
    },
  },
});
