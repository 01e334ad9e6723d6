import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { PortwardenConfig, ControlApi } from '../../../electron/core/control/contract.ts';
import { DetectProject } from '../components/DetectProject.tsx';
import { Field } from '../components/Field.tsx';
import { PortsEditor } from '../components/PortsEditor.tsx';
import { ServicesEditor } from '../components/ServicesEditor.tsx';
import { adviceFor, toApiError } from '../lib/api-error.ts';
import type { ApiError } from '../lib/api-error.ts';
import { toDraft, validateDraft } from '../lib/settings.ts';
import type { SettingsDraft, SettingsErrors } from '../lib/settings.ts';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'invalid' } | { kind: 'failed'; error: ApiError };

export interface SettingsViewProps {
  api: ControlApi;
  /** Electron only: import a portwarden.json through the native Open dialog. */
  importProjectFile?: () => Promise<PortwardenConfig | null>;
  /** Called after a save went through (views with derived data refetch). */
  onSaved?: () => void;
  /** Electron only: choose a project folder through the native dialog. */
  chooseFolder?: () => Promise<string | null>;
}

export function SettingsView({ api, importProjectFile, onSaved, chooseFolder }: SettingsViewProps) {
  const [base, setBase] = useState<PortwardenConfig | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });

  useEffect(() => {
    let alive = true;
    api.getConfig().then(
      (c) => {
        if (!alive) return;
        setBase(c);
        setDraft(toDraft(c));
      },
      (e: unknown) => alive && setLoadError(toApiError(e)),
    );
    return () => {
      alive = false;
    };
  }, [api]);

  if (loadError) return <p className="banner banner-critical">Could not load the settings: {adviceFor(loadError)}</p>;
  if (!draft || !base) return <p className="muted">Loading settings…</p>;

  function update(next: SettingsDraft): void {
    setDraft(next);
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
    // Re-validate as the user types only once they've tried to save, so empty new rows aren't shouted at.
    if (Object.keys(errors).length > 0 && base) setErrors(validateDraft(next, base).errors);
  }

  async function onImport(): Promise<void> {
    if (!importProjectFile) return;
    try {
      const imported = await importProjectFile();
      if (!imported) return;
      setBase(imported);
      setDraft(toDraft(imported));
      setErrors({});
      setSave({ kind: 'saved' });
      onSaved?.();
    } catch (err) {
      setSave({ kind: 'failed', error: toApiError(err) });
    }
  }

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!draft || !base) return;
    const { errors: found, config } = validateDraft(draft, base);
    setErrors(found);
    if (!config) {
      setSave({ kind: 'invalid' });
      return;
    }
    setSave({ kind: 'saving' });
    try {
      const saved = await api.saveConfig(config);
      setBase(saved);
      setDraft(toDraft(saved));
      setSave({ kind: 'saved' });
      onSaved?.();
    } catch (err) {
      setSave({ kind: 'failed', error: toApiError(err) });
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <DetectProject
        api={api}
        drafts={draft.ports}
        {...(chooseFolder ? { chooseFolder } : {})}
        onAdd={(rows) => update({ ...draft, ports: [...draft.ports, ...rows] })}
      />
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset className="card">
          <legend>Monitoring</legend>
          <div className="field-narrow">
            <Field
              name="pollIntervalMs"
              label="Poll interval (ms)"
              value={draft.pollIntervalMs}
              inputMode="numeric"
              mono
              error={errors.pollIntervalMs}
              onChange={(v) => update({ ...draft, pollIntervalMs: v })}
            />
          </div>
        </fieldset>
        <PortsEditor
          ports={draft.ports}
          serviceIds={draft.services.map((s) => s.id).filter(Boolean)}
          errors={errors}
          onChange={(ports) => update({ ...draft, ports })}
        />
        <ServicesEditor services={draft.services} errors={errors} onChange={(services) => update({ ...draft, services })} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.kind === 'saving'}>
            {save.kind === 'saving' ? 'Saving…' : 'Save settings'}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(toDraft(base));
              setErrors({});
              setSave({ kind: 'idle' });
            }}
          >
            Discard changes
          </button>
          {importProjectFile && (
            <button type="button" onClick={() => void onImport()}>
              Import portwarden.json…
            </button>
          )}
          <span role="status" aria-live="polite" className={save.kind === 'saved' ? 'good-text' : 'bad-text'}>
            {save.kind === 'saved' && 'Saved. Portwarden is using the new settings.'}
            {save.kind === 'invalid' && 'Not saved: fix the fields marked in red.'}
            {save.kind === 'failed' && `Not saved — the server said: ${save.error.message}`}
          </span>
        </div>
      </form>
    </section>
  );
}
