import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm blue that stays readable on long days; accents are used sparingly.
const orbit: MantineColorsTuple = [
  '#eaf3ff',
  '#d4e4fb',
  '#a7c6f3',
  '#77a6ec',
  '#508be6',
  '#3779e3',
  '#2870e2',
  '#1a5fc9',
  '#0f54b5',
  '#0048a0',
];

export const theme = createTheme({
  primaryColor: 'orbit',
  colors: { orbit },
  primaryShade: { light: 6, dark: 5 },
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Paper: { defaultProps: { withBorder: true, radius: 'md' } },
    Card: { defaultProps: { withBorder: true, radius: 'md' } },
    Table: { defaultProps: { verticalSpacing: 'xs', highlightOnHover: true } },
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
    Modal: { defaultProps: { centered: true } },
  },
});
