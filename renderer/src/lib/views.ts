/** The dashboard's views, in navigation order; the id is kept in the URL fragment (#view=health). */
export const VIEWS = [
  { id: 'ports', label: 'Ports' },
  { id: 'services', label: 'Services' },
  { id: 'health', label: 'Health' },
  { id: 'diagnostics', label: 'Diagnostics' },
  { id: 'product', label: 'Product service' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function viewFromHash(hash: string): ViewId {
  const v = new URLSearchParams(hash.replace(/^#/, '')).get('view');
  return VIEWS.find((x) => x.id === v)?.id ?? 'ports';
}
