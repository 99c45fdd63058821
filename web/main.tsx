// zod must not probe eval (the Content-Security-Policy refuses it): contracts parse without JIT in the browser.
import { config as zodConfig } from 'zod';
zodConfig({ jitless: true });
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { messagesReady } from './lib/i18n';
import { App } from './app/App';

// The interface language's messages first (one small request), then the app.
void messagesReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
