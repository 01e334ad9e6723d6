/**
 * What `portwarden init` proposes: the ports a project's own files say it uses, each with
 * where that was read (file and line) and why that port, and the command that runs it when
 * there is one. Plain values, printed as JSON by `init --json`.
 */

/** A place in the project a proposal was read from. Paths are relative to the project folder. */
export interface ProposalSource {
  file: string;
  /** 1-based line. */
  line: number;
  /** The line as written (trimmed, at most 200 characters). */
  text: string;
}

/** A command Portwarden could run as a managed service for the port. */
export interface ServiceSuggestion {
  id: string;
  command: string;
  /** Relative to the project folder ('.' for the folder itself). */
  cwd: string;
}

export interface PortProposal {
  port: number;
  /** Label for the watched port: "storefront dev (vite)", "compose db (postgres:16)". */
  name: string;
  /** Why this port: "vite's default port", "--port 8080", "PORT=4000 in .env". */
  why: string;
  /** Where it came from; the first is the main one, others said the same port. */
  sources: ProposalSource[];
  /** The command that serves it, when a script or Procfile line runs it. */
  service: ServiceSuggestion | null;
  /** Plain-words remarks ("used by 2 packages: they cannot run at the same time"). */
  notes: string[];
}

export interface InitProposal {
  /** The project folder, absolute. */
  dir: string;
  proposals: PortProposal[];
  /** Files that were looked at but could not be used, and why (bad JSON, bad YAML, …). */
  skipped: { file: string; reason: string }[];
}

/**
 * One finding before merging: a port, why, and where. `priority` orders findings for the
 * same port (lower first: an explicit flag beats a default).
 */
export interface Finding {
  port: number;
  name: string;
  why: string;
  source: ProposalSource;
  service: ServiceSuggestion | null;
  /** The package or folder it belongs to, to tell two packages on one port apart. */
  owner: string;
  priority: number;
}

/** Read access to the project folder: the thin, bounded reader, or any other source. */
export interface ProjectFiles {
  /** Text of a file (path relative to the project, `/`-separated), null when absent or unreadable. */
  read(file: string): string | null;
  /** Names of the entries of a folder (relative), folders marked with a trailing `/`; [] when absent. */
  list(dir: string): string[];
}

/** A trimmed source line, at most 200 characters. */
export function sourceAt(file: string, text: string, line: number): ProposalSource {
  const raw = (text.split('\n')[line - 1] ?? '').trim();
  return { file, line, text: raw.length > 200 ? `${raw.slice(0, 199)}…` : raw };
}
