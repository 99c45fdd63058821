import { lazy } from 'react';
import { registerClientPanel } from '../lib/clientPanels';

// The work a manager does from a client's page, from the modules that own it; code-split, so a
// contact page loads the deals and activities code only when it opens.
registerClientPanel(lazy(async () => ({ default: (await import('../modules/deals/ClientWorkPanel')).ClientWorkPanel })));
