import { defineConfig } from 'vite';

/** embed.js: one tiny classic script (IIFE) for storefronts. */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: false,
    minify: true,
    lib: {
      entry: 'src/embed/embed.ts',
      formats: ['iife'],
      name: 'PorticoEmbed',
      fileName: () => 'embed.js',
    },
  },
});
