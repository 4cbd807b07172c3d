import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath, URL } from 'node:url';

// Built into web/dist and served by `lianxin serve --static-dir web/dist`. Everything under
// dist/assets/ has a content hash in its name (the server caches /assets/ as immutable).
// `npm run dev` proxies /api to a running server (LIANXIN_DEV_API, default 127.0.0.1:18090).
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Libraries in their own long-lived chunks; pages are split by route (dynamic imports).
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('echarts') || id.includes('zrender')) return 'echarts';
          if (id.includes('element-plus') || id.includes('@element-plus')) return 'element-plus';
          if (/node_modules\/(@vue|vue|vue-router|pinia)\//.test(id)) return 'vue';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': `http://${process.env.LIANXIN_DEV_API || '127.0.0.1:18090'}`,
    },
  },
});
