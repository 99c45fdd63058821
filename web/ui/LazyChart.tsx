import { lazy, Suspense, type ComponentProps } from 'react';
import { Center, Loader } from '@mantine/core';

// ECharts is the heaviest library of the interface: its chunk loads only when a chart is drawn,
// after the report's figures and tables are already on screen.
const EChart = lazy(async () => ({ default: (await import('./EChart')).EChart }));

export function LazyChart(props: ComponentProps<typeof EChart>) {
  const height = (props.style?.height as number | undefined) ?? 360;
  return (
    <Suspense
      fallback={
        <Center h={height}>
          <Loader size="sm" />
        </Center>
      }
    >
      <EChart {...props} />
    </Suspense>
  );
}
