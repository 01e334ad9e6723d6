/** The address a command line says it binds (electron/core/health/bind-address.ts). */
import { describe, expect, it } from 'vitest';
import { bindAddressOf, literalAddress } from '../../../electron/core/health/bind-address.ts';

describe('bindAddressOf', () => {
  it('reads the usual flags of dev servers', () => {
    expect(bindAddressOf('python3 -m http.server 8000 --bind 127.0.0.1')).toBe('127.0.0.1');
    expect(bindAddressOf('uvicorn main:app --host 0.0.0.0 --port 8000')).toBe('0.0.0.0');
    expect(bindAddressOf('uvicorn main:app --host=::1')).toBe('::1');
    expect(bindAddressOf('gunicorn -b 127.0.0.1:8000 app:app')).toBe('127.0.0.1');
    expect(bindAddressOf("gunicorn -b '[::1]:8000' app:app")).toBe('::1');
    expect(bindAddressOf('next dev -H 0.0.0.0')).toBe('0.0.0.0');
    expect(bindAddressOf('flask run -h 127.0.0.1')).toBe('127.0.0.1');
  });

  it('a name, a help flag or no flag is not known', () => {
    expect(bindAddressOf('vite --host localhost')).toBeNull();
    expect(bindAddressOf('uvicorn main:app --port 8000')).toBeNull();
    expect(bindAddressOf('tool -h')).toBeNull();
    expect(literalAddress('example.com:80')).toBeNull();
  });
});
