import type { ComponentType, LazyExoticComponent } from 'react';

// Contacts and companies are core records: their pages may not import the work modules (deals,
// activities), as on the server. What those modules show on a client's page (open deals, planned
// activities, buttons to plan the next one) is registered here by the shell (web/app/clientPanels.ts),
// as the server's composition root registers event handlers, and rendered by web/ui/ClientPanels.

/** The client a page is about: a contact (with their primary company) or a company. */
export type ClientRef = { kind: 'contact' | 'company'; id: string; name: string; companyId: string | null };
type PanelProps = { client: ClientRef };
/** A panel component, usually code-split (React.lazy). */
export type ClientPanel = ComponentType<PanelProps> | LazyExoticComponent<ComponentType<PanelProps>>;

const panels: ClientPanel[] = [];

/** Adds a panel to the top of every contact and company page (once, at start). */
export function registerClientPanel(panel: ClientPanel): void {
  if (!panels.includes(panel)) panels.push(panel);
}

/** The registered panels, in registration order. */
export function clientPanels(): readonly ClientPanel[] {
  return panels;
}
