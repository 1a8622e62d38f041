/**
 * Apache ECharts with only what the dashboard draws (bar, line, pie; grid, tooltip, legend; canvas).
 * Imported lazily by StatsChart.vue, so it lands in its own `desk-*` chunk that phones never load.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLOR = ['#0f766e', '#2563eb', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#65a30d', '#db2777', '#475569', '#ca8a04'];

/** The chart option for `kind` ('bar', 'line' or 'pie') over rows of `{name, value}`. */
export function chartOption(kind, rows) {
  if (kind === 'pie') {
    return {
      color: COLOR,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], top: -10, data: rows, label: { formatter: '{b}\n{c}' } }],
    };
  }
  return {
    color: COLOR,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((row) => row.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: kind, data: rows.map((row) => row.value), barMaxWidth: 36, smooth: kind === 'line', areaStyle: kind === 'line' ? { opacity: 0.12 } : undefined }],
  };
}

/** Draw into `element`; the caller keeps the instance to update, resize and dispose it. */
export function drawChart(element, kind, rows) {
  const chart = init(element, null, { renderer: 'canvas' });
  chart.setOption(chartOption(kind, rows));
  return chart;
}
