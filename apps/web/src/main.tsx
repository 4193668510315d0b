import { createCofferClient } from '@coffer/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { CofferProvider } from './coffer-provider.tsx';
import { readSession } from './session/session-storage.ts';
import './styles.css';

// The app is served by the Coffer server itself, so the API is on this origin.
const client = createCofferClient({ url: window.location.origin, token: readSession()?.token ?? null });

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <CofferProvider client={client}>
      <App />
    </CofferProvider>
  </StrictMode>,
);
