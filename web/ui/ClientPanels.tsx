import { Suspense } from 'react';
import { clientPanels, type ClientRef } from '../lib/clientPanels';

/** The panels other modules registered for a client's page (open deals, planned activities), each loaded apart. */
export function ClientPanels({ client }: { client: ClientRef }) {
  return (
    <>
      {clientPanels().map((Panel, i) => (
        <Suspense key={i} fallback={null}>
          <Panel client={client} />
        </Suspense>
      ))}
    </>
  );
}
