import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_TARGET = process.env.MC_API_TARGET ?? 'http://127.0.0.1:3011';

// The console is a static SPA served by the API server in production (`npm start`), and by Vite
// with a proxy to the API in development (`npm run dev`).
export default defineConfig({
  root: 'src/web',
  plugins: [react(), tailwindcss()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5174,
    strictPort: true,
    proxy: {
      '/api': {
        target: API_TARGET,
        // The API checks Origin against PUBLIC_URL; dev.mjs sets it to this dev server's URL.
        changeOrigin: false,
        configure(proxy) {
          // Server-Sent Events must stream through, not be buffered.
          proxy.on('proxyRes', (response) => {
            if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
              response.headers['cache-control'] = 'no-cache, no-transform';
            }
          });
        },
      },
    },
  },
});
