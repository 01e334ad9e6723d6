/**
 * The dashboard's views, in navigation order. The view is kept in the URL fragment
 * (`#view=health`); the tray opens `#view=ports&port=8000` to point at one port.
 */
export const VIEWS = [
  { id: 'ports', label: 'Ports' },
  { id: 'listeners', label: 'All listeners' },
  { id: 'services', label: 'Services' },
  { id: 'health', label: 'Health' },
  { id: 'diagnostics', label: 'Diagnostics' },
  { id: 'product', label: 'Product service' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export interface Route {
  view: ViewId;
  /** A port to bring into view on the Ports view, null for none. */
  port: number | null;
  /** The fragment named the view; otherwise the dashboard picks (All listeners while nothing is watched). */
  explicit: boolean;
}

export function routeFromHash(hash: string): Route {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const v = params.get('view');
  const found = VIEWS.find((x) => x.id === v)?.id;
  const view = found ?? 'ports';
  const p = params.get('port');
  const port = p !== null && /^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535 ? Number(p) : null;
  return { view, port, explicit: found !== undefined };
}
