import type { ReactNode } from 'react';
import { ActionIcon, Button, Group, Input, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

type Props<V> = {
  form: UseFormReturnType<V>;
  /** List path in the form values (`phones`). */
  path: string;
  label: string;
  addLabel: string;
  newItem: () => unknown;
  /** Inputs of item `index`. */
  children: (index: number) => ReactNode;
};

/** A list of small records (phones, emails, dates) edited in place: add, change, remove. */
export function RepeatableField<V>({ form, path, label, addLabel, newItem, children }: Props<V>) {
  const { t } = useTranslation();
  const items =
    (path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], form.getValues()) as
      unknown[] | undefined) ?? [];
  return (
    <Input.Wrapper label={label}>
      <Stack gap="xs" mt={4}>
        {items.map((_, index) => (
          <Group key={form.key(`${path}.${index}`)} gap="xs" align="flex-start" wrap="nowrap">
            <Group gap="xs" align="flex-start" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
              {children(index)}
            </Group>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t('ui.actions.remove')}
              onClick={() => form.removeListItem(path, index)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem(path, newItem() as never)}
          w="fit-content"
        >
          {addLabel}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
