/**
 * `.env` files as dotenv reads them: `KEY=value`, `export KEY=value`, quoted values, `#`
 * comments; later files override earlier ones (`.env` < `.env.local`). Only what init needs:
 * each variable's value and the line it was set on. Pure.
 */

export interface EnvValue {
  value: string;
  file: string;
  line: number;
}

/** Parses one .env text into KEY → value and line. */
export function parseDotenv(text: string, file: string): Map<string, EnvValue> {
  const vars = new Map<string, EnvValue>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(raw);
      if (!m) return;
      let value = m[2].trim();
      // A quoted value ends at its closing quote (a comment may follow); an unquoted one at ` #`.
      const quoted = /^(['"`])(.*?)\1(?:\s+#.*)?$/.exec(value);
      if (quoted) value = quoted[2];
      else value = value.replace(/\s+#.*$/, '').trim();
      vars.set(m[1], { value, file, line: i + 1 });
    });
  return vars;
}

/** The files dotenv tools read for development, weakest first. */
export const DOTENV_FILES = ['.env', '.env.development', '.env.local', '.env.development.local'] as const;

/** Merges the .env files of a folder (later files win). */
export function mergeDotenv(texts: readonly { file: string; text: string }[]): Map<string, EnvValue> {
  const merged = new Map<string, EnvValue>();
  for (const { file, text } of texts) for (const [key, value] of parseDotenv(text, file)) merged.set(key, value);
  return merged;
}
