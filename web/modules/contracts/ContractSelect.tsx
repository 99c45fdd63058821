import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContracts } from './contracts.api';
import { usePeriod } from './CompanyContracts';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  companyId: string | null;
  value: string | null;
  onChange: (id: string | null) => void;
};

/** One of the client's contracts (live ones; those not in force are marked), or none. */
export function ContractSelect({ companyId, value, onChange, ...rest }: Props) {
  const { t } = useTranslation();
  const period = usePeriod();
  const list = useContracts({ companyId: companyId ?? undefined, limit: 100 }, !!companyId);
  const data = (list.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `№ ${c.number} · ${c.legalEntityName ?? ''} · ${period(c)}${c.isActive ? '' : ` (${t('contractsUi.notInForce')})`}`,
  }));
  if (value && !data.some((o) => o.value === value)) data.unshift({ value, label: '…' });
  return (
    <Select
      label={t('contractsUi.contract')}
      placeholder={companyId ? t('contractsUi.noContract') : t('contractsUi.pickClientFirst')}
      data={data}
      value={value}
      onChange={onChange}
      clearable
      disabled={!companyId}
      data-testid="deal-contract"
      {...rest}
    />
  );
}
