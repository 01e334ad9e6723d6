import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api.ts';
import { App } from './App.tsx';
import './styles.css';

const client = createClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
