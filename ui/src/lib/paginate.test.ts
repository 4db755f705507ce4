import { describe, expect, test } from 'vitest'
import { contentHeightPx, flowBlocks, paginate, type PageGeometry } from './paginate'

/** A4 portrait with 公文 margins: the text area is 225 mm ≈ 850 px high. */
const A4: PageGeometry = {
  orientation: 'portrait',
  widthMm: 210,
  heightMm: 297,
  margin: { top: 37, right: 26, bottom: 35, left: 28 },
}

/** Heights come from data-h (happy-dom has no layout); a container is the sum of its children. */
function measure(el: Element): number {
  const own = el.getAttribute('data-h')
  if (own !== null) return Number(own)
  return Array.from(el.children).reduce((n, c) => n + measure(c), 0)
}

function flow(html: string): HTMLElement {
  const div = document.createElement('div')
  div.innerHTML = html
  return div
}

const block = (h: number, text = `b${h}`, attrs = '') => `<p data-h="${h}" ${attrs}>${text}</p>`
const rows = (n: number, h: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `<tr data-h="${h}"><td>r${from + i}</td></tr>`).join('')
const table = (body: string, headH = 30) =>
  `<table class="rp-table"><colgroup><col></colgroup><thead data-h="${headH}"><tr><th>H</th></tr></thead>${body}</table>`

const texts = (page: HTMLElement, css: string) => Array.from(page.querySelectorAll(css)).map((e) => e.textContent?.trim())

describe('A4 pagination of the print view', () => {
  test('the text area of an A4 page with 公文 margins', () => {
    expect(Math.round(contentHeightPx(A4))).toBe(850)
  })

  test('blocks that fit stay on one page, which is numbered', () => {
    const pages = paginate(flow(block(100) + block(200)), A4, measure)
    expect(pages).toHaveLength(1)
    expect(texts(pages[0]!, '.page-body p')).toEqual(['b100', 'b200'])
    expect(pages[0]!.querySelector('.page-foot')?.textContent).toBe('第 1 页 共 1 页')
    expect(pages[0]!.className).toBe('page portrait')
  })

  test('a block that does not fit moves to the next page, whole', () => {
    const pages = paginate(flow(block(400, 'a') + block(400, 'b') + block(400, 'c')), A4, measure)
    expect(pages.map((p) => texts(p, 'p'))).toEqual([['a', 'b'], ['c']])
    expect(pages.map((p) => p.querySelector('.page-foot')?.textContent)).toEqual(['第 1 页 共 2 页', '第 2 页 共 2 页'])
  })

  test('a heading goes with the start of the table after it', () => {
    const html = block(760, 'top') + block(30, '标题', 'data-keep-with-next') + table(`<tbody>${rows(5, 40)}</tbody>`)
    const pages = paginate(flow(html), A4, measure)
    expect(pages.map((p) => texts(p, 'p'))).toEqual([['top'], ['标题']])
    expect(pages[1]!.querySelectorAll('tbody tr')).toHaveLength(5)
  })

  test('a run of headings stays with the first row after it', () => {
    const l1 = `<tbody data-keep data-keep-with-next><tr data-h="30"><td>二、</td></tr></tbody>`
    const l2 = `<tbody data-keep data-keep-with-next><tr data-h="30"><td>(一)</td></tr></tbody>`
    // 30 head + 700 + 30 + 30 = 790 fits, but not with the 100 px task after them
    const html = table(`<tbody data-keep><tr data-h="700"><td>r1</td></tr></tbody>` + l1 + l2 + `<tbody data-keep><tr data-h="100"><td>r2</td></tr></tbody>`)
    const pages = paginate(flow(html), A4, measure)
    expect(pages.map((p) => texts(p, 'tbody td'))).toEqual([['r1'], ['二、', '(一)', 'r2']])
  })

  test('a long table is split between rows, the header repeated on each page', () => {
    const pages = paginate(flow(table(`<tbody>${rows(30, 40)}</tbody>`)), A4, measure)
    expect(pages).toHaveLength(2)
    // 30 px header + 20 × 40 px rows = 830 px ≤ 846
    expect(pages[0]!.querySelectorAll('tbody tr')).toHaveLength(20)
    expect(pages[1]!.querySelectorAll('tbody tr')).toHaveLength(10)
    for (const p of pages) {
      expect(p.querySelectorAll('thead th')).toHaveLength(1)
      expect(p.querySelectorAll('colgroup')).toHaveLength(1)
    }
    expect(pages[1]!.querySelector('table')?.classList.contains('continued')).toBe(true)
    expect(texts(pages[1]!, 'tbody td')[0]).toBe('r21')
  })

  test('a short table moves to the next page whole rather than being split', () => {
    const pages = paginate(flow(block(700, 'top') + table(`<tbody>${rows(4, 40)}</tbody>`)), A4, measure)
    expect(pages.map((p) => p.querySelectorAll('tbody tr').length)).toEqual([0, 4])
  })

  test('a tbody marked data-keep moves whole; a section row stays with the rows after it', () => {
    const task = (n: number) => `<tbody data-keep>${rows(3, 40, n)}</tbody>`
    const section = `<tbody data-keep data-keep-with-next><tr data-h="30"><td>一、</td></tr></tbody>`
    // 30 head + 6 tasks × 120 = 750; the section row (30) + the next task (120) do not fit in 846
    const html = table(task(1) + task(4) + task(7) + task(10) + task(13) + task(16) + section + task(19))
    const pages = paginate(flow(html), A4, measure)
    expect(pages).toHaveLength(2)
    expect(pages[0]!.querySelectorAll('tbody')).toHaveLength(6)
    expect(texts(pages[1]!, 'tbody td')).toEqual(['一、', 'r19', 'r20', 'r21'])
  })

  test('a tbody taller than a page is split between its rows, the spanning cells carried over', () => {
    const body =
      `<tbody data-keep><tr data-h="100"><td rowspan="12">7</td><td rowspan="12">任务</td><td>单位1</td></tr>` +
      Array.from({ length: 11 }, (_, i) => `<tr data-h="100"><td>单位${i + 2}</td></tr>`).join('') +
      `</tbody>`
    const pages = paginate(flow(table(body)), A4, measure)
    expect(pages).toHaveLength(2)
    const first = pages[0]!.querySelectorAll('tbody tr')
    const second = pages[1]!.querySelectorAll('tbody tr')
    // 30 px header + 8 × 100 px = 830 px
    expect(first).toHaveLength(8)
    expect(second).toHaveLength(4)
    expect(first[0]!.querySelector('td')?.getAttribute('rowspan')).toBe('8')
    const carried = Array.from(second[0]!.querySelectorAll('td'))
    expect(carried.map((c) => c.textContent)).toEqual(['7', '任务', '单位9'])
    expect(carried[0]!.getAttribute('rowspan')).toBe('4')
    expect(carried[0]!.classList.contains('continued')).toBe(true)
  })

  test('wrappers marked data-flow are looked into; an empty flow still makes one page', () => {
    const f = flow(`<div data-flow>${block(10, 'x')}<section data-flow>${block(20, 'y')}</section></div>${block(5, 'z')}`)
    expect(flowBlocks(f).map((e) => e.textContent)).toEqual(['x', 'y', 'z'])
    expect(paginate(flow(''), A4, measure)).toHaveLength(1)
  })
})
