import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { InfoList } from './InfoList';
import { Tags } from './Tags';
import { useFormat } from '../lib/format';
import { useUserNames } from './users';

type Props = {
  ownerId: string | null;
  segment: string | null;
  source: string | null;
  tags: string[];
  createdAt?: string;
  updatedAt?: string;
};

/** Owner, segment, source, tags and record dates, as on every counterparty page. */
export function ClassificationInfo({ ownerId, segment, source, tags, createdAt, updatedAt }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const owners = useUserNames();
  return (
    <InfoList
      items={[
        {
          label: t('ui.fields.owner'),
          value: ownerId ? (
            (owners.get(ownerId) ?? '—')
          ) : (
            <Text span c="dimmed" size="sm">
              {t('ui.fields.noOwner')}
            </Text>
          ),
        },
        { label: t('ui.fields.segment'), value: segment },
        { label: t('ui.fields.source'), value: source },
        { label: t('ui.fields.tags'), value: tags.length ? <Tags tags={tags} max={10} /> : null },
        { label: t('ui.fields.createdAt'), value: fmt.dateTime(createdAt) },
        { label: t('ui.fields.updatedAt'), value: fmt.dateTime(updatedAt) },
      ]}
    />
  );
}
