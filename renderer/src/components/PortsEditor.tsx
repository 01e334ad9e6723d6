import type { PortDraft, SettingsErrors } from '../lib/settings.ts';
import { emptyPortDraft } from '../lib/settings.ts';
import { Field } from './Field.tsx';

export interface PortsEditorProps {
  ports: PortDraft[];
  serviceIds: string[];
  errors: SettingsErrors;
  onChange(ports: PortDraft[]): void;
}

/** Watched ports: add, edit, remove. */
export function PortsEditor({ ports, serviceIds, errors, onChange }: PortsEditorProps) {
  const set = (i: number, patch: Partial<PortDraft>): void => onChange(ports.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="card">
      <legend>Watched ports</legend>
      <datalist id="service-ids">
        {serviceIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      {ports.length === 0 && <p className="muted">No watched ports.</p>}
      {ports.map((p, i) => (
        <div className="editor-row" key={p.key}>
          <Field
            name={`ports.${i}.port`}
            label="Port"
            value={p.port}
            inputMode="numeric"
            mono
            error={errors[`ports.${i}.port`]}
            onChange={(v) => set(i, { port: v })}
          />
          <Field name={`ports.${i}.name`} label="Name" value={p.name} placeholder="none (e.g. api)" onChange={(v) => set(i, { name: v })} />
          <Field
            name={`ports.${i}.service`}
            label="Service id"
            value={p.service}
            list="service-ids"
            placeholder="none"
            error={errors[`ports.${i}.service`]}
            onChange={(v) => set(i, { service: v })}
          />
          <Field
            name={`ports.${i}.healthUrl`}
            label="Health URL"
            value={p.healthUrl}
            inputMode="url"
            mono
            placeholder={`none (e.g. http://127.0.0.1:${/^\d+$/.test(p.port) ? p.port : 8000}/health)`}
            error={errors[`ports.${i}.healthUrl`]}
            onChange={(v) => set(i, { healthUrl: v })}
          />
          {/* Who should own it when Portwarden does not run it (seed 001: a systemd unit, a shell loop, docker). */}
          <Field
            name={`ports.${i}.ownerCommand`}
            label="Owner command contains"
            value={p.ownerCommand}
            mono
            placeholder="any (e.g. uvicorn main:app)"
            error={errors[`ports.${i}.owner`]}
            onChange={(v) => set(i, { ownerCommand: v })}
          />
          <Field
            name={`ports.${i}.ownerUser`}
            label="Owner user"
            value={p.ownerUser}
            placeholder="any (e.g. www)"
            onChange={(v) => set(i, { ownerUser: v })}
          />
          <Field
            name={`ports.${i}.ownerCwd`}
            label="Owner cwd under"
            value={p.ownerCwd}
            mono
            placeholder="any (e.g. /srv/api)"
            onChange={(v) => set(i, { ownerCwd: v })}
          />
          <Field
            name={`ports.${i}.ownerUnit`}
            label="Owner systemd unit"
            value={p.ownerUnit}
            mono
            placeholder="any (e.g. api.service)"
            onChange={(v) => set(i, { ownerUnit: v })}
          />
          <Field
            name={`ports.${i}.logFile`}
            label="Log file to watch"
            value={p.logFile}
            mono
            placeholder="none (e.g. /var/log/api.log)"
            hint="“address already in use” here raises a bind-loop"
            onChange={(v) => set(i, { logFile: v })}
          />
          <button
            type="button"
            className="small danger-outline remove"
            aria-label={`Remove port ${p.port || i + 1}`}
            onClick={() => onChange(ports.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...ports, emptyPortDraft()])}>
        Add port
      </button>
    </fieldset>
  );
}
