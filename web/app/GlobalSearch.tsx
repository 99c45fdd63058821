import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Combobox, Group, Kbd, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconBriefcase, IconBuildingSkyscraper, IconFileDescription, IconSearch, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { pathOf } from '../lib/records';
import { useGlobalSearch, type SearchHit } from '../lib/search.api';

const typeIcons: Record<string, typeof IconUser> = { contact: IconUser, company: IconBuildingSkyscraper, deal: IconBriefcase };

/** Header search across records: debounced, grouped by type, arrows + Enter to open. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [debounced] = useDebouncedValue(value.trim(), 220);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const narrow = useMediaQuery('(max-width: 40em)');

  useHotkeys([
    ['mod+K', () => inputRef.current?.focus()],
    ['/', () => inputRef.current?.focus()],
  ]);

  const { data, isFetching, isError, enabled } = useGlobalSearch(debounced);
  const items = useMemo(() => (enabled ? (data?.items ?? []) : []), [enabled, data]);

  const groups = useMemo(() => {
    const byType = new Map<string, SearchHit[]>();
    for (const hit of items) byType.set(hit.type, [...(byType.get(hit.type) ?? []), hit]);
    return [...byType.entries()];
  }, [items]);

  // Enter should open the best match without pressing an arrow first.
  const selectBest = useEffectEvent((count: number) => {
    if (count > 0) combobox.selectFirstOption();
    else combobox.resetSelectedOption();
  });
  useEffect(() => selectBest(items.length), [items]);

  const open = (key: string) => {
    const [type, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const path = pathOf(type, id);
    if (!path) return;
    combobox.closeDropdown();
    setValue('');
    inputRef.current?.blur();
    void navigate(path);
  };

  return (
    <Combobox store={combobox} onOptionSubmit={open} withinPortal position="bottom-start" shadow="md" size="sm">
      <Combobox.Target>
        <TextInput
          ref={inputRef}
          value={value}
          onChange={(e) => {
            setValue(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setValue('');
              inputRef.current?.blur();
            }
          }}
          placeholder={narrow ? t('ui.search.short') : t('ui.search.placeholder')}
          aria-label={t('ui.search.placeholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={
            isFetching && enabled ? (
              <Loader size={14} />
            ) : (
              <Kbd size="xs" visibleFrom="md">
                /
              </Kbd>
            )
          }
          rightSectionPointerEvents="none"
          variant="filled"
          radius="xl"
          data-testid="global-search"
          autoComplete="off"
          spellCheck={false}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!enabled} miw={340}>
        <Combobox.Options mah="min(70dvh, 480px)" style={{ overflowY: 'auto' }}>
          {groups.map(([type, hits]) => {
            const Icon = typeIcons[type] ?? IconFileDescription;
            return (
              <Combobox.Group key={type} label={t(`ui.search.types.${type}`, { defaultValue: type })}>
                {hits.map((hit) => (
                  <Combobox.Option key={`${hit.type}:${hit.id}`} value={`${hit.type}:${hit.id}`} data-testid="search-result">
                    <Group gap="sm" wrap="nowrap">
                      <Icon size={18} stroke={1.5} style={{ flexShrink: 0, opacity: 0.7 }} />
                      <div style={{ minWidth: 0, flex: 1 }}>
                        <Text size="sm" truncate>
                          {hit.title}
                        </Text>
                        {hit.subtitle && (
                          <Text size="xs" c="dimmed" truncate>
                            {hit.subtitle}
                          </Text>
                        )}
                      </div>
                      {hit.matched && hit.matched !== 'name' && (
                        <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                          {t(`ui.search.matched.${hit.matched}`, { defaultValue: hit.matched })}
                        </Badge>
                      )}
                    </Group>
                  </Combobox.Option>
                ))}
              </Combobox.Group>
            );
          })}
          {enabled && !isFetching && items.length === 0 && (
            <Combobox.Empty>{isError ? t('ui.errors.unexpected') : t('ui.search.nothing')}</Combobox.Empty>
          )}
          {enabled && isFetching && items.length === 0 && <Combobox.Empty>{t('ui.search.searching')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
