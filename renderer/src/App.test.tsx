// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from './api.ts';
import { App } from './App.tsx';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('App', () => {
  it('tells the user what to do when the page was opened without its token', () => {
    window.history.replaceState(null, '', '/');
    render(<App client={createClient(window)} />);
    expect(screen.queryByRole('heading', { name: 'Wrong or missing access token' })).not.toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('#token=');
  });

  it('takes the token from the fragment and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/#token=abc&view=health');
    const client = createClient(window);
    expect(client.transport).toBe('http');
    expect(client.startupError).toBeNull();
    expect(window.location.hash).toBe('#view=health');
    expect(sessionStorage.getItem('portwarden.token')).toBe('abc');
  });
});
