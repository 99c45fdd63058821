import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Tabs } from '@mantine/core';
import { IconInbox, IconPhone, IconPhoneOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { CallsPage } from './CallsPage';
import { LostCallsPage } from './LostCallsPage';
import { UnsortedPage } from './UnsortedPage';

/** /calls, /calls/unsorted and /calls/lost under one header with tabs. */
export function CallsRoutes() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.endsWith('/unsorted') ? 'unsorted' : pathname.endsWith('/lost') ? 'lost' : 'all';
  return (
    <>
      <PageHeader title={t('callsUi.title')} subtitle={t(tab === 'lost' ? 'callsUi.lost.subtitle' : 'callsUi.subtitle')} />
      <Tabs value={tab} onChange={(v) => v && navigate(v === 'all' ? '/calls' : `/calls/${v}`)} mb="md">
        <Tabs.List>
          <Tabs.Tab value="all" leftSection={<IconPhone size={16} />} data-testid="tab-calls">
            {t('callsUi.tabs.all')}
          </Tabs.Tab>
          <Tabs.Tab value="unsorted" leftSection={<IconInbox size={16} />} data-testid="tab-unsorted">
            {t('callsUi.tabs.unsorted')}
          </Tabs.Tab>
          <Tabs.Tab value="lost" leftSection={<IconPhoneOff size={16} />} data-testid="tab-lost-calls">
            {t('callsUi.lost.tab')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<CallsPage />} />
        <Route path="unsorted" element={<UnsortedPage />} />
        <Route path="lost" element={<LostCallsPage />} />
        <Route path="*" element={<Navigate to="/calls" replace />} />
      </Routes>
    </>
  );
}
