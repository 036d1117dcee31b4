import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env.PREGON_GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/trpc': gateway,
      '/v1': gateway,
    },
  },
});
