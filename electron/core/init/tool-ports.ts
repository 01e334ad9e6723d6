/**
 * The dev servers `init` knows: which subcommands serve, which flags set the port, the
 * default port (by major version where it moved), whether PORT from the environment is
 * honoured, and which config files may set it instead. Defaults are the tools' documented
 * ones: Vite 5173 since 3.0 (3000 before; preview 4173, 5000 before), Astro 4321 since 3.0
 * (3000 before), Next/Nuxt/Remix classic/React scripts 3000, …
 */

export interface ToolSpec {
  label: string;
  /** Does this argument list serve? `sub` is the first non-flag argument (or ''). */
  serves(sub: string, args: readonly string[]): boolean;
  /** Flags that take the port as the next word or after `=`. */
  flags: readonly string[];
  /** The port when no flag gives one; null when it cannot be told from the command. */
  defaultPort(sub: string, major: number | null): number | null;
  /** PORT from the environment (.env, an inline PORT=…) sets the port. */
  portEnv: boolean;
  /** Config files whose `port:` setting replaces the default. */
  configFiles?: readonly string[];
  /** The dependency whose version decides the default (defaults to the program's name). */
  dependency?: string;
}

const any = (subs: readonly string[]) => (sub: string) => subs.includes(sub);
const VITE_CONFIGS = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts', 'vite.config.cjs'];

const vite: ToolSpec = {
  label: 'vite',
  serves: (sub) => ['', 'dev', 'serve', 'preview'].includes(sub),
  flags: ['--port'],
  defaultPort: (sub, major) =>
    sub === 'preview' ? (major !== null && major < 3 ? 5000 : 4173) : major !== null && major < 3 ? 3000 : 5173,
  portEnv: false,
  configFiles: VITE_CONFIGS,
};

export const TOOLS: Readonly<Record<string, ToolSpec>> = {
  vite,
  next: { label: 'next', serves: any(['', 'dev', 'start']), flags: ['-p', '--port'], defaultPort: () => 3000, portEnv: true },
  nuxt: {
    label: 'nuxt',
    serves: any(['', 'dev', 'start', 'preview']),
    flags: ['--port', '-p'],
    defaultPort: () => 3000,
    portEnv: true,
    configFiles: ['nuxt.config.ts', 'nuxt.config.js'],
  },
  nuxi: {
    label: 'nuxt',
    serves: any(['dev', 'preview']),
    flags: ['--port', '-p'],
    defaultPort: () => 3000,
    portEnv: true,
    configFiles: ['nuxt.config.ts', 'nuxt.config.js'],
    dependency: 'nuxt',
  },
  // Remix: the classic compiler's `remix dev` serves the app on 3000; from 2.2 `remix vite:dev` is Vite (5173).
  remix: {
    label: 'remix',
    serves: any(['dev', 'vite:dev', 'vite:preview']),
    flags: ['--port'],
    defaultPort: (sub) => (sub === 'vite:dev' ? 5173 : sub === 'vite:preview' ? 4173 : 3000),
    portEnv: true,
    configFiles: VITE_CONFIGS,
    dependency: '@remix-run/dev',
  },
  'remix-serve': {
    label: 'remix-serve',
    serves: () => true,
    flags: [],
    defaultPort: () => 3000,
    portEnv: true,
    dependency: '@remix-run/serve',
  },
  'react-router': {
    label: 'react-router',
    serves: any(['dev', 'start']),
    flags: ['--port'],
    defaultPort: () => 5173,
    portEnv: false,
    configFiles: VITE_CONFIGS,
    dependency: '@react-router/dev',
  },
  astro: {
    label: 'astro',
    serves: any(['', 'dev', 'start', 'preview']),
    flags: ['--port'],
    defaultPort: (_s, major) => (major !== null && major < 3 ? 3000 : 4321),
    portEnv: false,
    configFiles: ['astro.config.mjs', 'astro.config.ts', 'astro.config.js'],
  },
  'svelte-kit': {
    label: 'sveltekit',
    serves: any(['dev', 'preview']),
    flags: ['--port'],
    defaultPort: (sub) => (sub === 'preview' ? 4173 : 5173),
    portEnv: false,
    configFiles: VITE_CONFIGS,
    dependency: '@sveltejs/kit',
  },
  vitepress: {
    label: 'vitepress',
    serves: any(['', 'dev', 'preview', 'serve']),
    flags: ['--port'],
    defaultPort: (sub) => (sub === 'preview' || sub === 'serve' ? 4173 : 5173),
    portEnv: false,
  },
  ng: {
    label: 'angular',
    serves: any(['serve', 's']),
    flags: ['--port'],
    defaultPort: () => 4200,
    portEnv: false,
    dependency: '@angular/cli',
  },
  'react-scripts': { label: 'create-react-app', serves: any(['start']), flags: [], defaultPort: () => 3000, portEnv: true },
  'vue-cli-service': {
    label: 'vue-cli',
    serves: any(['serve']),
    flags: ['--port'],
    defaultPort: () => 8080,
    portEnv: true,
    dependency: '@vue/cli-service',
  },
  webpack: { label: 'webpack-dev-server', serves: any(['serve']), flags: ['--port'], defaultPort: () => 8080, portEnv: false },
  'webpack-dev-server': { label: 'webpack-dev-server', serves: () => true, flags: ['--port'], defaultPort: () => 8080, portEnv: false },
  parcel: { label: 'parcel', serves: (sub) => sub !== 'build', flags: ['--port', '-p'], defaultPort: () => 1234, portEnv: false },
  gatsby: {
    label: 'gatsby',
    serves: any(['develop', 'serve']),
    flags: ['-p', '--port'],
    defaultPort: (sub) => (sub === 'serve' ? 9000 : 8000),
    portEnv: false,
  },
  storybook: { label: 'storybook', serves: any(['dev']), flags: ['-p', '--port'], defaultPort: () => 6006, portEnv: false },
  'start-storybook': {
    label: 'storybook',
    serves: () => true,
    flags: ['-p', '--port'],
    defaultPort: () => 6006,
    portEnv: false,
    dependency: '@storybook/react',
  },
  docusaurus: {
    label: 'docusaurus',
    serves: any(['start', 'serve']),
    flags: ['--port'],
    defaultPort: () => 3000,
    portEnv: false,
    dependency: '@docusaurus/core',
  },
  expo: { label: 'expo', serves: any(['start']), flags: ['--port'], defaultPort: () => 8081, portEnv: false },
  wrangler: { label: 'wrangler', serves: any(['dev']), flags: ['--port'], defaultPort: () => 8787, portEnv: false },
  'http-server': { label: 'http-server', serves: () => true, flags: ['-p', '--port'], defaultPort: () => 8080, portEnv: true },
  serve: { label: 'serve', serves: () => true, flags: ['-l', '--listen', '-p'], defaultPort: () => 3000, portEnv: true },
  'json-server': { label: 'json-server', serves: () => true, flags: ['-p', '--port'], defaultPort: () => 3000, portEnv: false },
  uvicorn: { label: 'uvicorn', serves: () => true, flags: ['--port'], defaultPort: () => 8000, portEnv: false },
  gunicorn: { label: 'gunicorn', serves: () => true, flags: ['-b', '--bind'], defaultPort: () => 8000, portEnv: true },
  hypercorn: { label: 'hypercorn', serves: () => true, flags: ['-b', '--bind'], defaultPort: () => 8000, portEnv: false },
  flask: { label: 'flask', serves: (_sub, args) => args.includes('run'), flags: ['-p', '--port'], defaultPort: () => 5000, portEnv: false },
  fastapi: {
    label: 'fastapi',
    serves: (_sub, args) => args.includes('dev') || args.includes('run'),
    flags: ['--port'],
    defaultPort: () => 8000,
    portEnv: false,
  },
  streamlit: {
    label: 'streamlit',
    serves: (_sub, args) => args.includes('run'),
    flags: ['--server.port'],
    defaultPort: () => 8501,
    portEnv: false,
  },
  rails: { label: 'rails', serves: any(['s', 'server']), flags: ['-p', '--port'], defaultPort: () => 3000, portEnv: true },
  hugo: { label: 'hugo', serves: any(['server', 'serve']), flags: ['-p', '--port'], defaultPort: () => 1313, portEnv: false },
  jekyll: { label: 'jekyll', serves: any(['serve', 's']), flags: ['-P', '--port'], defaultPort: () => 4000, portEnv: false },
};

/** The major version in a dependency range (`^4.2.0` → 4, `~2` → 2); null for tags and URLs. */
export function majorVersion(range: string | null | undefined): number | null {
  if (!range) return null;
  const m = /^[\^~>=<v\s]*(\d+)(?:\.|$|\s|-|x|\*)/.exec(range.replace(/^npm:[^@]+@/, ''));
  return m ? Number(m[1]) : null;
}
