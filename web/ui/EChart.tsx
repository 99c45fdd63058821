import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CSSProperties } from 'react';

// Only the pieces the reports draw: the whole of ECharts would triple this chunk.
echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

type Props = {
  option: Record<string, unknown>;
  style?: CSSProperties;
  testId?: string;
  onClick?: (params: { dataIndex: number; seriesIndex: number; name: string }) => void;
};

/** An ECharts canvas with the selectively registered modules; redraws when `option` changes. */
export function EChart({ option, style, testId, onClick }: Props) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        style={{ height: 360, width: '100%', ...style }}
        onEvents={onClick ? { click: onClick } : undefined}
      />
    </div>
  );
}
