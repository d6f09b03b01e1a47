import { defineConfig } from 'vite';

// Plain esbuild JSX for Preact: no preset, so no Babel in the build (it stays a few seconds).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist/web', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
