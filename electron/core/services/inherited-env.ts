/**
 * The environment managed services inherit: Portwarden's own, minus what is Portwarden's
 * alone. `PORTWARDEN_TOKEN` opens the control API (which can start any command), so a
 * service — any program in the project, or whatever it runs — must never see it.
 */

/** The variable `portwarden serve` reads its API token from (electron/cli/token-source.ts). */
export const TOKEN_ENV_NAME = 'PORTWARDEN_TOKEN';

/** Variables never passed on to a service. */
export const PRIVATE_ENV_NAMES: readonly string[] = [TOKEN_ENV_NAME];

/**
 * A copy of `env` without the private variables. Compared without case: Windows environment
 * names are case-insensitive, and a copied process.env keeps whatever case it was set with.
 */
export function inheritedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!PRIVATE_ENV_NAMES.includes(name.toUpperCase())) copy[name] = value;
  }
  return copy;
}
