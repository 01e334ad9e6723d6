import { useEffect, useState } from 'react';

export interface ThemeColors {
  accent: string;
  series: string[];
}

const PALETTE_VARS = ['--series-1', '--series-2', '--series-3', '--series-4'];

function read(): ThemeColors {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return { accent: v('--accent', '#2563eb'), series: PALETTE_VARS.map((n, i) => v(n, ['#dc2626', '#16a34a', '#9333ea', '#d97706'][i])) };
}

/** Chart colours from the CSS theme, re-read when the OS switches light/dark (canvas can't use var()). */
export function useThemeColors(): ThemeColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const update = (): void => setColors(read());
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }, []);
  return colors;
}
