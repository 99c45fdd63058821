import { Group, Text } from '@mantine/core';

/** The Orbita mark: a planet on its orbit. */
export function Logo({ withText = true }: { withText?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <circle cx="16" cy="16" r="6" fill="var(--mantine-primary-color-filled)" />
        <ellipse
          cx="16"
          cy="16"
          rx="14"
          ry="6"
          fill="none"
          stroke="var(--mantine-primary-color-filled)"
          strokeWidth="2.5"
          transform="rotate(-30 16 16)"
        />
      </svg>
      {withText && (
        <Text fw={700} fz="lg" lh={1}>
          Orbita
        </Text>
      )}
    </Group>
  );
}
