import { defineConfig } from 'vite';

// Plain esbuild JSX for Preact: no preset, so no Babel in the build (it stays a few seconds).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // The metrics explorer's lazy chunk (CodeMirror and uPlot, ~525 kB, 176 kB gzipped) loads on
    // first visit to /metrics only; the initial JS stays ~17 kB gzipped (bench:ui measures it).
    chunkSizeWarningLimit: 600,
  },
});
