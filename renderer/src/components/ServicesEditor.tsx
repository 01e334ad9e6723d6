import type { ServiceDraft, SettingsErrors } from '../lib/settings.ts';
import { emptyServiceDraft } from '../lib/settings.ts';
import { Field } from './Field.tsx';

export interface ServicesEditorProps {
  services: ServiceDraft[];
  errors: SettingsErrors;
  onChange(services: ServiceDraft[]): void;
}

/** Managed services: add, edit, remove. */
export function ServicesEditor({ services, errors, onChange }: ServicesEditorProps) {
  const set = (i: number, patch: Partial<ServiceDraft>): void => onChange(services.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset className="card">
      <legend>Managed services</legend>
      {services.length === 0 && <p className="muted">No managed services.</p>}
      {services.map((s, i) => (
        <div className="editor-block" key={s.key}>
          <div className="editor-row">
            <Field
              name={`services.${i}.id`}
              label="Id"
              value={s.id}
              mono
              placeholder="e.g. api"
              error={errors[`services.${i}.id`]}
              onChange={(v) => set(i, { id: v })}
            />
            <Field
              name={`services.${i}.port`}
              label="Port"
              value={s.port}
              inputMode="numeric"
              mono
              error={errors[`services.${i}.port`]}
              onChange={(v) => set(i, { port: v })}
            />
            <Field
              name={`services.${i}.cwd`}
              label="Working directory"
              value={s.cwd}
              mono
              placeholder="(where Portwarden runs)"
              onChange={(v) => set(i, { cwd: v })}
            />
          </div>
          <div className="editor-row">
            <Field
              name={`services.${i}.command`}
              label="Command"
              value={s.command}
              mono
              placeholder="e.g. npm run dev"
              error={errors[`services.${i}.command`]}
              onChange={(v) => set(i, { command: v })}
            />
            <Field
              name={`services.${i}.requiredEnv`}
              label="Required environment variables"
              value={s.requiredEnv}
              mono
              placeholder="none (e.g. OPENAI_API_KEY, DATABASE_URL)"
              hint="Comma-separated; missing ones show as critical in Diagnostics."
              error={errors[`services.${i}.requiredEnv`]}
              onChange={(v) => set(i, { requiredEnv: v })}
            />
          </div>
          <div className="editor-row checks-row">
            <label>
              <input type="checkbox" checked={s.autoRestart} onChange={(e) => set(i, { autoRestart: e.target.checked })} /> Restart when it
              crashes
            </label>
            <label>
              <input type="checkbox" checked={s.autoStart} onChange={(e) => set(i, { autoStart: e.target.checked })} /> Start with
              Portwarden
            </label>
            <div className="spacer" />
            <button
              type="button"
              className="small danger-outline"
              aria-label={`Remove service ${s.id || i + 1}`}
              onClick={() => onChange(services.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...services, emptyServiceDraft()])}>
        Add service
      </button>
    </fieldset>
  );
}
