import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'element-plus/dist/index.css';
import './styles/main.css';

import App from './App.vue';
import router from './router';
import { setAuthHandlers } from './api/client';
import { useAuthStore } from './stores/auth';
import { labelPickerPanels } from './utils/popperLabels';

dayjs.locale('zh-cn');

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(router);
app.use(ElementPlus, { locale: zhCn });

const auth = useAuthStore(pinia);
setAuthHandlers({
  // The session ended (expired, revoked, logged out elsewhere): back to the login page, then here.
  onUnauthorized() {
    const wasLoggedIn = auth.loggedIn;
    auth.clear();
    const current = router.currentRoute.value;
    if (current.name !== 'login') {
      router.replace({ name: 'login', query: { redirect: current.fullPath, ...(wasLoggedIn ? { expired: '1' } : {}) } });
    }
  },
  onPasswordChangeRequired() {
    if (auth.user) auth.user.must_change_password = true;
    router.replace({ name: 'change-password' });
  },
});

app.mount('#app');
labelPickerPanels();
