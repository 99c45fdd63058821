import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Tabs } from '@mantine/core';
import { IconChartBar, IconLifebuoy, IconThumbDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { ForecastPage } from './ForecastPage';
import { LostReasonsReportPage } from './LostReasonsReportPage';
import { TicketsReportPage } from './TicketsReportPage';

/** /reports/forecast, /reports/lost-reasons and /reports/tickets under one header with tabs. */
export function ReportsRoutes() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.includes('/lost-reasons') ? 'lost-reasons' : pathname.includes('/tickets') ? 'tickets' : 'forecast';
  return (
    <>
      <PageHeader
        title={t('salesUi.reports.title')}
        subtitle={t(
          tab === 'forecast'
            ? 'salesUi.reports.forecastSubtitle'
            : tab === 'tickets'
              ? 'ticketsReport.subtitle'
              : 'salesUi.reports.lostSubtitle',
        )}
      />
      <Tabs value={tab} onChange={(v) => v && navigate(`/reports/${v}`)} mb="md">
        <Tabs.List>
          <Tabs.Tab value="forecast" leftSection={<IconChartBar size={16} />} data-testid="tab-forecast">
            {t('salesUi.reports.forecast')}
          </Tabs.Tab>
          <Tabs.Tab value="lost-reasons" leftSection={<IconThumbDown size={16} />} data-testid="tab-lost-reasons">
            {t('salesUi.reports.lostReasons')}
          </Tabs.Tab>
          <Tabs.Tab value="tickets" leftSection={<IconLifebuoy size={16} />} data-testid="tab-tickets-report">
            {t('ticketsReport.tab')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<Navigate to="forecast" replace />} />
        <Route path="forecast" element={<ForecastPage />} />
        <Route path="lost-reasons" element={<LostReasonsReportPage />} />
        <Route path="tickets" element={<TicketsReportPage />} />
        <Route path="*" element={<Navigate to="forecast" replace />} />
      </Routes>
    </>
  );
}
