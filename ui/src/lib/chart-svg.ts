// Charts for paper: the ECharts option rendered to an SVG string (server-side rendering, no
// canvas, no animation), so the print view holds plain vector markup that prints crisply and can
// be laid out on pages like any other block.
import { init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'

use([SVGRenderer, BarChart, LineChart, PieChart, GridComponent, LegendComponent])

/** `option` drawn at `width` × `height` px as an <svg> string. */
export function chartSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = init(null, undefined, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ ...option, animation: false, tooltip: undefined })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
