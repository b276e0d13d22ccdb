/**
 * Charts for the Word reports, rendered offline: ECharts' server-side SVG renderer (no DOM, no canvas) draws the
 * chart, and resvg turns the SVG into a PNG that Word and LibreOffice embed. Text is drawn with the machine's fonts
 * (DejaVu Sans by default: it carries every Vietnamese diacritic); nothing is fetched at run time.
 */
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';

/** The font family charts ask for; resvg falls back to it for any family it does not find. */
export const CHART_FONT = 'DejaVu Sans';

export interface ChartImage {
  png: Buffer;
  /** Size in CSS pixels (the PNG is drawn at `scale` times this, for print). */
  width: number;
  height: number;
}

export interface SeriesSpec {
  name: string;
  kind: 'bar' | 'line';
  /** One value per category; null leaves a gap (no figure for that period). */
  values: (number | null)[];
  /** Plot against the right-hand axis (e.g. a rate next to counts). */
  rightAxis?: boolean;
}

export interface ChartSpec {
  title: string;
  categories: string[];
  series: SeriesSpec[];
  /** Horizontal bars (long category names such as fields of cooperation). */
  horizontal?: boolean;
  /** Axis names; `percent` formats an axis's ticks as percentages of 1. */
  leftAxis?: { name?: string; percent?: boolean };
  rightAxis?: { name?: string; percent?: boolean };
  width?: number;
  height?: number;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** The ECharts option for a spec (exported for the test: it is plain data). */
export function chartOption(spec: ChartSpec): echarts.EChartsCoreOption {
  const valueAxis = (axis: ChartSpec['leftAxis'], position?: 'left' | 'right') => ({
    type: 'value' as const,
    name: axis?.name,
    position,
    nameTextStyle: { fontFamily: CHART_FONT },
    axisLabel: { fontFamily: CHART_FONT, ...(axis?.percent ? { formatter: percent } : {}) },
    minInterval: axis?.percent ? undefined : 1,
  });
  const categoryAxis = { type: 'category' as const, data: spec.categories, axisLabel: { fontFamily: CHART_FONT, interval: 0, rotate: spec.horizontal || spec.categories.length <= 8 ? 0 : 45 } };
  const twoAxes = spec.series.some((s) => s.rightAxis);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT },
    title: { text: spec.title, left: 'center', top: 8, textStyle: { fontFamily: CHART_FONT, fontSize: 16 } },
    legend: { top: 40, textStyle: { fontFamily: CHART_FONT } },
    grid: { top: 80, left: spec.horizontal ? 230 : 60, right: twoAxes ? 70 : 30, bottom: spec.categories.length > 8 && !spec.horizontal ? 80 : 40, containLabel: false },
    xAxis: spec.horizontal ? valueAxis(spec.leftAxis) : categoryAxis,
    yAxis: spec.horizontal ? { ...categoryAxis, inverse: true } : twoAxes ? [valueAxis(spec.leftAxis, 'left'), valueAxis(spec.rightAxis, 'right')] : valueAxis(spec.leftAxis),
    series: spec.series.map((s) => ({
      name: s.name,
      type: s.kind,
      data: s.values,
      yAxisIndex: !spec.horizontal && twoAxes && s.rightAxis ? 1 : 0,
      connectNulls: false,
      label: s.kind === 'bar' ? { show: spec.categories.length <= 20, position: spec.horizontal ? 'right' : 'top', fontFamily: CHART_FONT, fontSize: 10 } : { show: false },
    })),
  };
}

/** The chart as an SVG string (ECharts SSR). */
export function chartSvg(spec: ChartSpec): string {
  const width = spec.width ?? 800;
  const height = spec.height ?? 400;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG at `scale` × its size (2 by default: sharp in print at the width the report gives it). */
export function chartPng(spec: ChartSpec, scale = 2): ChartImage {
  const width = spec.width ?? 800;
  const height = spec.height ?? 400;
  const resvg = new Resvg(chartSvg(spec), {
    background: '#ffffff',
    fitTo: { mode: 'width', value: width * scale },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return { png: resvg.render().asPng(), width, height };
}
