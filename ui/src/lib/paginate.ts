// A4 pages for the print views, laid out here rather than by the browser: the Linux webview
// (WebKitGTK) ignores @page size and margins, does not repeat table headers and cuts rows at
// page ends. So the print view renders its content once as a flow at the width of the page's
// text area, measures it, and copies it onto page boxes of exactly A4 with 公文 margins: a block
// that does not fit moves to the next page, a table is split between row groups with its header
// repeated, a heading stays with what follows, and every page gets 第 N 页 共 M 页. What the
// screen shows is what prints, in WebKitGTK and in WebView2 alike.

/** Page size and margins in millimetres. */
export interface PageGeometry {
  orientation: 'portrait' | 'landscape'
  widthMm: number
  heightMm: number
  margin: { top: number; right: number; bottom: number; left: number }
}

export const PX_PER_MM = 96 / 25.4

/** The height of the text area in CSS px. */
export const contentHeightPx = (g: PageGeometry) => (g.heightMm - g.margin.top - g.margin.bottom) * PX_PER_MM
/** The width of the text area in CSS px. */
export const contentWidthPx = (g: PageGeometry) => (g.widthMm - g.margin.left - g.margin.right) * PX_PER_MM

/** How tall an element is, margins included (the flow and the page bodies are flex columns, so no margin collapses). */
export type Measure = (el: Element) => number

export function outerHeight(el: Element): number {
  const style = getComputedStyle(el)
  return el.getBoundingClientRect().height + (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0)
}

function margins(el: Element): { top: number; bottom: number } {
  const style = getComputedStyle(el)
  return { top: parseFloat(style.marginTop) || 0, bottom: parseFloat(style.marginBottom) || 0 }
}

const keepsWithNext = (el: Element | undefined) => el instanceof HTMLElement && el.dataset.keepWithNext !== undefined

/** The blocks of the flow: children, and the children of wrappers marked data-flow, in order. */
export function flowBlocks(root: Element): Element[] {
  const out: Element[] = []
  for (const child of Array.from(root.children)) {
    if (child instanceof HTMLElement && child.dataset.flow !== undefined) out.push(...flowBlocks(child))
    else out.push(child)
  }
  return out
}

// DOM helpers that do not rely on the table-specific properties (rows, cells, rowSpan), so the
// same code runs in the unit tests' DOM.
const rowsOf = (section: Element) => Array.from(section.children).filter((e): e is HTMLElement => e.tagName === 'TR')
const cellsOf = (row: Element) => Array.from(row.children).filter((e): e is HTMLElement => e.tagName === 'TD' || e.tagName === 'TH')
const spanOf = (cell: Element) => Math.max(1, Number(cell.getAttribute('rowspan')) || 1)
const setSpan = (cell: Element, n: number) => cell.setAttribute('rowspan', String(n))
const bodiesOf = (table: Element) => Array.from(table.children).filter((e): e is HTMLElement => e.tagName === 'TBODY')
const headOf = (table: Element) => Array.from(table.children).find((e) => e.tagName === 'THEAD')

/** A piece of a table that goes onto a page whole: a row, or a tbody marked data-keep. */
interface Unit {
  el: HTMLElement
  /** For a row: the tbody it belongs to (rows are placed in a copy of it). */
  body: HTMLElement | null
  h: number
  keepWithNext: boolean
}

function tableUnits(table: HTMLTableElement, measure: Measure): Unit[] {
  const units: Unit[] = []
  for (const body of bodiesOf(table)) {
    const whole = body.dataset.keep !== undefined
    for (const el of whole ? [body] : rowsOf(body)) {
      units.push({ el, body: whole ? null : body, h: measure(el), keepWithNext: keepsWithNext(el) })
    }
  }
  return units
}

/** The height of unit `i` with the units it keeps with (a run of headings and the first row after). */
function chainHeight(units: Unit[], i: number): number {
  let h = 0
  for (let j = i; j < units.length; j++) {
    const u = units[j] as Unit
    h += u.h
    if (!u.keepWithNext) break
  }
  return h
}

/** The table without its bodies (colgroup and thead), to which rows are added page by page. */
function tableShell(table: HTMLTableElement): HTMLTableElement {
  const shell = table.cloneNode(false) as HTMLTableElement
  for (const child of Array.from(table.children)) {
    if (child.tagName === 'COLGROUP' || child.tagName === 'THEAD') shell.appendChild(child.cloneNode(true))
  }
  return shell
}

class Pager {
  readonly pages: HTMLElement[] = []
  private body: HTMLElement | null = null
  private used = 0
  readonly limit: number

  constructor(
    private readonly doc: Document,
    private readonly geometry: PageGeometry,
  ) {
    // slack for rounding in the measured heights
    this.limit = contentHeightPx(geometry) - 4
  }

  fits(h: number): boolean {
    return this.used + h <= this.limit
  }

  newPage(): void {
    const page = this.doc.createElement('section')
    page.className = `page ${this.geometry.orientation}`
    const body = this.doc.createElement('div')
    body.className = 'page-body'
    page.appendChild(body)
    this.pages.push(page)
    this.body = body
    this.used = 0
  }

  /** Starts a new page when `h` does not fit on this one (an empty page takes anything). */
  room(h: number): void {
    if (!this.body || (this.used > 0 && !this.fits(h))) this.newPage()
  }

  /** Puts `node` (if any) on the page and counts `h` as used. */
  place(node: Node | null, h: number): void {
    if (!this.body) this.newPage()
    if (node) this.body?.appendChild(node)
    this.used += h
  }
}

/** How much of `el` must fit for it to start on a page: a table's header and first rows, else all of it. */
function startHeight(el: Element | undefined, measure: Measure): number {
  if (!el) return 0
  if (el instanceof HTMLTableElement) {
    const units = tableUnits(el, measure)
    const thead = headOf(el)
    const head = thead ? measure(thead) : 0
    return margins(el).top + head + (units.length > 0 ? chainHeight(units, 0) : 0)
  }
  return measure(el)
}

/** Lays out one table: its header repeated on every page it spans, rows never cut (see splitBody). */
function placeTable(pager: Pager, table: HTMLTableElement, measure: Measure): void {
  const m = margins(table)
  const thead = headOf(table)
  const headH = thead ? measure(thead) : 0
  const units = tableUnits(table, measure)
  const parts: HTMLTableElement[] = []
  /** The copy of a source tbody that rows currently go into, on the current part. */
  let piece: { source: HTMLElement; copy: HTMLElement } | null = null
  const open = () => {
    piece = null
    const part = tableShell(table)
    if (parts.length > 0) part.classList.add('continued')
    parts.push(part)
    pager.place(part, m.top + headH)
    return part
  }
  const nextPage = () => {
    pager.newPage()
    return open()
  }
  // a short table (a third of a page at most) is not split: it moves on whole
  const total = m.top + headH + units.reduce((n, u) => n + u.h, 0)
  if (total <= pager.limit / 3) pager.room(total)
  units.forEach((u, i) => {
    const need = chainHeight(units, i)
    let part = parts[parts.length - 1]
    if (!part) {
      pager.room(m.top + headH + need)
      part = open()
    } else if (!pager.fits(need)) {
      part = nextPage()
    }
    if (!pager.fits(u.h) && u.el.tagName === 'TBODY') {
      // taller than a whole page: split between its rows
      splitBody(pager, u.el, measure, part, nextPage)
      piece = null
      return
    }
    if (u.body) {
      if (piece?.source !== u.body) {
        piece = { source: u.body, copy: u.body.cloneNode(false) as HTMLElement }
        part.appendChild(piece.copy)
      }
      piece.copy.appendChild(u.el.cloneNode(true))
    } else {
      piece = null
      part.appendChild(u.el.cloneNode(true))
    }
    pager.place(null, u.h)
  })
  if (parts.length === 0) {
    pager.room(m.top + headH)
    open()
  }
  pager.place(null, m.bottom)
}

/**
 * Splits a tbody that is taller than a page between its rows. The cells of its first row that
 * span rows (序号, 重点任务 …) are repeated at the top of the continuation, spanning what is left.
 */
function splitBody(pager: Pager, body: HTMLElement, measure: Measure, firstPart: HTMLElement, nextPart: () => HTMLElement): void {
  const rows = rowsOf(body)
  const spanning = rows[0] ? cellsOf(rows[0]).filter((c) => spanOf(c) > 1) : []
  let piece = body.cloneNode(false) as HTMLElement
  firstPart.appendChild(piece)
  let start = 0
  let open: HTMLElement[] = []
  rows.forEach((row, i) => {
    const h = measure(row)
    const copy = row.cloneNode(true) as HTMLElement
    if (i > start && !pager.fits(h)) {
      for (const c of open) setSpan(c, i - start)
      piece = body.cloneNode(false) as HTMLElement
      nextPart().appendChild(piece)
      open = spanning
        .filter((c) => spanOf(c) > i)
        .map((c) => {
          const carried = c.cloneNode(true) as HTMLElement
          setSpan(carried, spanOf(c) - i)
          carried.classList.add('continued')
          return carried
        })
      copy.prepend(...open)
      start = i
    } else if (i === 0) {
      open = cellsOf(copy).filter((c) => spanOf(c) > 1)
    }
    piece.appendChild(copy)
    pager.place(null, h)
  })
}

/**
 * Lays the blocks of `flow` (see flowBlocks) out on pages of `geometry` and returns them
 * (section.page > div.page-body, then div.page-foot with 第 N 页 共 M 页). A block marked
 * data-keep-with-next (a heading) starts a page only together with the beginning of the next.
 */
export function paginate(flow: HTMLElement, geometry: PageGeometry, measure: Measure = outerHeight): HTMLElement[] {
  const doc = flow.ownerDocument
  const pager = new Pager(doc, geometry)
  const blocks = flowBlocks(flow)
  blocks.forEach((block, i) => {
    if (block instanceof HTMLTableElement) {
      placeTable(pager, block, measure)
      return
    }
    const h = measure(block)
    // a heading (or a run of them) goes with the beginning of what follows
    let need = h
    for (let j = i; keepsWithNext(blocks[j]) && j + 1 < blocks.length; j++) {
      const next = blocks[j + 1]
      need += keepsWithNext(next) ? measure(next as Element) : startHeight(next, measure)
    }
    pager.room(need)
    pager.place(block.cloneNode(true), h)
  })
  if (pager.pages.length === 0) pager.newPage()
  const total = pager.pages.length
  pager.pages.forEach((page, i) => {
    const foot = doc.createElement('div')
    foot.className = 'page-foot'
    foot.textContent = `第 ${i + 1} 页 共 ${total} 页`
    page.appendChild(foot)
  })
  return pager.pages
}
