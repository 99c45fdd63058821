import { Badge, Group } from '@mantine/core';

/** Tags as small badges; `max` keeps table rows one line high. */
export function Tags({ tags, max = 3 }: { tags: string[] | null | undefined; max?: number }) {
  const list = tags ?? [];
  if (list.length === 0) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {list.slice(0, max).map((tag) => (
        <Badge key={tag} size="sm" variant="light" color="gray" radius="sm" tt="none">
          {tag}
        </Badge>
      ))}
      {list.length > max && (
        <Badge size="sm" variant="transparent" color="gray">
          +{list.length - max}
        </Badge>
      )}
    </Group>
  );
}
