import type { ComponentType, CSSProperties } from 'react';
import { ThemeIcon } from '@mantine/core';
import { IconChecklist, IconMail, IconMailbox, IconMapPin, IconPhone, IconPresentation, IconUsers } from '@tabler/icons-react';
import type { ActivityType } from './activities.api';

type IconC = ComponentType<{ size?: number | string; stroke?: number; style?: CSSProperties }>;

export const activityIcons: Record<ActivityType, IconC> = {
  call: IconPhone,
  meeting: IconUsers,
  visit: IconMapPin,
  exhibition: IconPresentation,
  email: IconMail,
  letter: IconMailbox,
  task: IconChecklist,
};

export const activityColors: Record<ActivityType, string> = {
  call: 'blue',
  meeting: 'violet',
  visit: 'grape',
  exhibition: 'orange',
  email: 'cyan',
  letter: 'teal',
  task: 'gray',
};

export function ActivityTypeIcon({ type, size = 28, color }: { type: ActivityType; size?: number; color?: string }) {
  const Icon = activityIcons[type];
  return (
    <ThemeIcon variant="light" color={color ?? activityColors[type]} size={size} radius="xl">
      <Icon size={Math.round(size * 0.58)} stroke={1.7} />
    </ThemeIcon>
  );
}
