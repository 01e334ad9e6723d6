import { useId } from 'react';

export interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  placeholder?: string;
  hint?: string;
  mono?: boolean;
  inputMode?: 'numeric' | 'text' | 'url';
  /** For the e2e tests and screen readers: the field's path in the form. */
  name: string;
  list?: string;
}

/** A labelled text input whose error is announced and tied to it (aria-describedby). */
export function Field({ label, value, onChange, error, placeholder, hint, mono, inputMode, name, list }: FieldProps) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        list={list}
        className={mono ? 'mono' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <span id={`${id}-err`} className="error-text">
          {error}
        </span>
      ) : (
        hint && (
          <span id={`${id}-hint`} className="muted hint">
            {hint}
          </span>
        )
      )}
    </div>
  );
}
