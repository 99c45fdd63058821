import type { ReactNode } from 'react';
import { Paper, Stack, Text } from '@mantine/core';

/** A titled block of a long form. */
export function FormSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Paper p={{ base: 'md', sm: 'lg' }}>
      <Text fw={600} mb={description ? 2 : 'sm'}>
        {title}
      </Text>
      {description && (
        <Text size="xs" c="dimmed" mb="sm">
          {description}
        </Text>
      )}
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}
