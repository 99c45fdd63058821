import { useMemo, useState } from 'react';
import { ActionIcon, Badge, Button, Group, Menu, Paper, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconEdit, IconPackage, IconPlus, IconRestore, IconSearch, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useDeleteWithUndo } from '../../ui/useDeleteWithUndo';
import { useMoneyFormat } from '../../lib/money';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { ProductFormModal } from './ProductFormModal';
import { canEditProducts, productKeys, useProductList, useRestoreProduct, type Product } from './products.api';

type Filter = 'active' | 'inactive' | 'all' | 'deleted';

/** The product catalogue: search, active/inactive/bin, create and edit with prices per currency. */
export function ProductsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const money = useMoneyFormat();
  const canEdit = canEditProducts(me);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [filter, setFilter] = useState<Filter>('active');
  const pages = useCursorPages([q, filter]);
  const query = useMemo(
    () => ({
      q,
      active: filter === 'active' ? true : filter === 'inactive' ? false : undefined,
      deleted: filter === 'deleted' ? true : undefined,
      cursor: pages.cursor,
      limit: 50,
    }),
    [q, filter, pages.cursor],
  );
  const list = useProductList(query);
  const [editing, setEditing] = useState<Product | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const remove = useDeleteWithUndo('/products', [[...productKeys.all]]);

  const openForm = (p: Product | null) => {
    setEditing(p);
    setFormOpen(true);
  };
  const restoreProduct = useRestoreProduct({
    onSuccess: (p) => notifications.show({ color: 'teal', message: t('salesUi.common.restored', { title: p.name }) }),
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  const restore = (p: Product) => restoreProduct.mutate(p);

  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('salesUi.products.title')}
        subtitle={t('salesUi.products.subtitle')}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openForm(null)} data-testid="product-new">
              {t('salesUi.products.new')}
            </Button>
          )
        }
      />
      <Paper p="sm" mb="sm">
        <Group gap="sm" wrap="wrap">
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={t('salesUi.products.search')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
          />
          <SegmentedControl
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
            data={(['active', 'inactive', 'all', 'deleted'] as const).map((f) => ({ value: f, label: t(`salesUi.products.filter.${f}`) }))}
          />
        </Group>
      </Paper>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Paper>
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('salesUi.products.name')}</Table.Th>
                  <Table.Th>{t('salesUi.products.sku')}</Table.Th>
                  <Table.Th>{t('salesUi.products.unit')}</Table.Th>
                  <Table.Th>{t('salesUi.products.prices')}</Table.Th>
                  <Table.Th ta="right">{t('salesUi.products.vat')}</Table.Th>
                  <Table.Th>{t('salesUi.common.status')}</Table.Th>
                  <Table.Th w={48} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Stack align="center" gap={4} py="xl">
                        <IconPackage size={32} stroke={1.3} color="var(--mantine-color-gray-5)" />
                        <Text c="dimmed" size="sm">
                          {q ? t('salesUi.common.nothingFound') : t('salesUi.products.empty')}
                        </Text>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                )}
                {items.map((p) => (
                  <Table.Tr
                    key={p.id}
                    className={canEdit && !p.deletedAt ? 'orbita-row-link' : undefined}
                    onClick={canEdit && !p.deletedAt ? () => openForm(p) : undefined}
                    data-testid="product-row"
                  >
                    <Table.Td>
                      <Text fw={500} size="sm">
                        {p.name}
                      </Text>
                      {p.description && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {p.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {p.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td>{p.unit}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {p.prices.length === 0 && (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                        {p.prices.map((pr) => (
                          <Badge key={pr.currency} variant="light" color="gray" tt="none" className="orbita-num">
                            {money.money(pr.amount, pr.currency)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" className="orbita-num">
                      {money.decimal(p.vatRate)}%
                    </Table.Td>
                    <Table.Td>
                      {p.deletedAt ? (
                        <Badge color="red" variant="light">
                          {t('salesUi.common.deleted')}
                        </Badge>
                      ) : p.isActive ? (
                        <Badge color="teal" variant="light">
                          {t('salesUi.products.active')}
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light">
                          {t('salesUi.products.inactive')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      {canEdit && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('salesUi.common.actions')}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {p.deletedAt ? (
                              <Menu.Item leftSection={<IconRestore size={14} />} onClick={() => void restore(p)}>
                                {t('salesUi.common.restore')}
                              </Menu.Item>
                            ) : (
                              <>
                                <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => openForm(p)}>
                                  {t('salesUi.common.edit')}
                                </Menu.Item>
                                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove(p.id, p.name)}>
                                  {t('salesUi.common.delete')}
                                </Menu.Item>
                              </>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={list.data?.nextCursor ?? null} loading={list.isFetching} />
        </Paper>
      )}
      <ProductFormModal
        opened={formOpen}
        product={editing}
        defaultCurrency={me.workspace.defaultCurrency}
        onClose={() => setFormOpen(false)}
      />
    </>
  );
}
