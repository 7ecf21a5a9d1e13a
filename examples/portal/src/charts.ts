import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the board draws, so the bundle carries only those parts of ECharts.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// Exposed for tests and debugging: read a chart's data back with getInstanceByDom(el).getOption().
(globalThis as { portalCharts?: unknown }).portalCharts = { getInstanceByDom: echarts.getInstanceByDom };

const colors = ['#9f1239', '#0f766e', '#b45309', '#1d4ed8'];

export function drawCategoryChart(el: HTMLElement, rows: { label: string; count: number }[]): void {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el);
  chart.setOption({
    color: colors,
    tooltip: { trigger: 'axis' },
    grid: { left: 80, right: 16, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    series: [{ name: '案件数', type: 'bar', data: rows.map((r) => r.count), barMaxWidth: 18 }],
  });
}

export interface TrendWeek {
  weekStart: string;
  newCases: number;
  resolved: number;
}

export function drawTrendChart(el: HTMLElement, weeks: TrendWeek[]): void {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el);
  chart.setOption({
    color: colors,
    tooltip: { trigger: 'axis' },
    legend: { data: ['新增', '调解成功'], top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 24 },
    xAxis: { type: 'category', data: weeks.map((w) => `${w.weekStart.slice(5).replace('-', '月')}日`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新增', type: 'bar', data: weeks.map((w) => w.newCases) },
      { name: '调解成功', type: 'line', smooth: true, data: weeks.map((w) => w.resolved) },
    ],
  });
}

export function resizeCharts(...elements: HTMLElement[]): void {
  for (const el of elements) echarts.getInstanceByDom(el)?.resize();
}
