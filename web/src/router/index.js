import { createRouter, createWebHistory } from 'vue-router';
import { routes } from './routes';
import { useAuthStore } from '@/stores/auth';
import { useCodesStore } from '@/stores/codes';

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  if (!auth.loaded) {
    try {
      await auth.fetchMe();
    } catch {
      // server unreachable: treat as logged out; the login page shows the error when used
      auth.clear();
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && auth.loggedIn) return auth.mustChangePassword ? { name: 'change-password' } : '/';
    return true;
  }
  if (!auth.loggedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (auth.mustChangePassword && to.name !== 'change-password') return { name: 'change-password' };
  if (to.meta.perm && !auth.can(to.meta.perm)) return { name: 'forbidden', query: { from: to.fullPath } };
  await useCodesStore().load(); // once: the code tables the pages read synchronously
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 连心智慧党建` : '连心智慧党建';
});

export default router;
