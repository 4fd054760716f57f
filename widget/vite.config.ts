import { defineConfig, type Plugin } from 'vite';

/**
 * `vite build` → dist/widget.js (every element, ESM).
 * `vite build --mode portal-page` → dist/portal-page.js, which imports ./widget.js rather
 * than carrying a second copy. Lit resolves to its production build (no dev mode).
 */
const widgetAsExternal: Plugin = {
  name: 'portico-widget-external',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === './index.js' && importer?.endsWith('portal-page.ts')) {
      return { id: './widget.js', external: true };
    }
    return null;
  },
};

export default defineConfig(({ mode }) => {
  const page = mode === 'portal-page';
  return {
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { conditions: ['browser', 'production', 'module', 'import', 'default'] },
    plugins: page ? [widgetAsExternal] : [],
    build: {
      outDir: 'dist',
      emptyOutDir: !page,
      target: 'es2022',
      sourcemap: true,
      minify: true,
      rolldownOptions: { output: { minify: true } },
      lib: {
        entry: page ? 'src/portal-page.ts' : 'src/index.ts',
        formats: ['es'],
        fileName: () => (page ? 'portal-page.js' : 'widget.js'),
      },
    },
  };
});
