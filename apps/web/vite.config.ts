import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = 'http://127.0.0.1:8080';

// The server serves dist/ at / (with a fallback to index.html for client-side routes).
// In development, `npm run dev -w @steward/web` proxies the API to a server on port 8080.
export default defineConfig({
  base: '/',
  plugins: [react()],
  // React + Mantine + React Query make one ~600 kB bundle (~190 kB gzipped); fine for an admin console.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
});
