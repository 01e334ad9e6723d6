import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ControlApi, InitProposal } from '../../../electron/core/control/contract.ts';
import { adviceFor, toApiError } from '../lib/api-error.ts';
import type { ApiError } from '../lib/api-error.ts';
import { newProposals, proposalDrafts } from '../lib/detect.ts';
import type { PortDraft } from '../lib/settings.ts';

export interface DetectProjectProps {
  api: ControlApi;
  drafts: PortDraft[];
  /** Electron only: the native folder dialog; the typed path is used otherwise. */
  chooseFolder?: () => Promise<string | null>;
  onAdd(rows: PortDraft[]): void;
}

/**
 * "Detect from a project folder…": the `portwarden init` detectors read the folder's own
 * files (package.json scripts, Procfile, compose.yaml, .env, Python entry points) and propose
 * ports, each saying where it came from; the chosen ones join the form (save to apply).
 */
export function DetectProject({ api, drafts, chooseFolder, onAdd }: DetectProjectProps) {
  const [dir, setDir] = useState('');
  const [proposal, setProposal] = useState<InitProposal | null>(null);
  const [unchecked, setUnchecked] = useState<Set<number>>(new Set());
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function detect(folder: string): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      setProposal(await api.detectProject(folder));
      setUnchecked(new Set());
    } catch (e) {
      setProposal(null);
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  }

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    let folder = dir.trim();
    if (chooseFolder && folder === '') {
      folder = (await chooseFolder()) ?? '';
      if (folder === '') return;
      setDir(folder);
    }
    if (folder !== '') await detect(folder);
  }

  const fresh = proposal ? newProposals(proposal, drafts) : [];
  const chosen = fresh.filter((p) => !unchecked.has(p.port));
  return (
    <fieldset className="card detect-project">
      <legend>Detect from a project folder…</legend>
      <form className="detect-form" onSubmit={(e) => void onSubmit(e)}>
        <label>
          <span className="visually-hidden">Project folder</span>
          <input
            className="mono"
            aria-label="Project folder"
            placeholder={chooseFolder ? 'Choose a folder, or type its full path' : 'Full path of the project folder, e.g. /home/me/shop'}
            value={dir}
            onChange={(e) => setDir(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Reading…' : chooseFolder && dir.trim() === '' ? 'Choose folder…' : 'Detect'}
        </button>
      </form>
      {error && <p className="bad-text">{adviceFor(error)}</p>}
      {proposal && (
        <div className="detect-result" role="status">
          {proposal.proposals.length === 0 ? (
            <p>Nothing in {proposal.dir} names a port to watch.</p>
          ) : fresh.length === 0 ? (
            <p>Every port {proposal.dir} names is in the list already.</p>
          ) : (
            <>
              <p>
                {fresh.length} port{fresh.length === 1 ? '' : 's'} found in {proposal.dir}:
              </p>
              <ul className="proposals">
                {fresh.map((p) => (
                  <li key={p.port}>
                    <label>
                      <input
                        type="checkbox"
                        checked={!unchecked.has(p.port)}
                        onChange={(e) => {
                          const next = new Set(unchecked);
                          if (e.target.checked) next.delete(p.port);
                          else next.add(p.port);
                          setUnchecked(next);
                        }}
                      />{' '}
                      <strong className="mono">{p.port}</strong> {p.name} — <span className="muted">{p.why}</span>{' '}
                      {p.sources[0] && (
                        <span className="mono muted">
                          ({p.sources[0].file}:{p.sources[0].line})
                        </span>
                      )}
                    </label>
                    {p.notes.map((n) => (
                      <div key={n} className="muted small-text">
                        {n}
                      </div>
                    ))}
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="primary"
                disabled={chosen.length === 0}
                onClick={() => (onAdd(proposalDrafts(proposal, chosen)), setProposal(null))}
              >
                Add {chosen.length} to the watched ports
              </button>
            </>
          )}
          {proposal.skipped.map((s) => (
            <p key={s.file} className="muted small-text">
              Skipped {s.file}: {s.reason}
            </p>
          ))}
        </div>
      )}
    </fieldset>
  );
}
