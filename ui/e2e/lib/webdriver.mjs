// @ts-check
// A small W3C WebDriver client over fetch, enough to drive the Tauri window through tauri-driver.
// Every request has a timeout, so a hung driver fails the test instead of hanging CI.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'
const REQUEST_TIMEOUT_MS = 30_000

/** @typedef {{ [ELEMENT]: string }} ElementRef */

export class WebDriverError extends Error {
  /** @param {string} message @param {string} [code] */
  constructor(message, code) {
    super(message)
    this.name = 'WebDriverError'
    this.code = code
  }
}

/**
 * @param {string} base
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {number} [timeoutMs]
 */
export async function request(base, method, path, body, timeoutMs = REQUEST_TIMEOUT_MS) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await res.text()
  /** @type {any} */
  let json
  try {
    json = text ? JSON.parse(text) : {}
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`)
  }
  const value = json.value
  if (!res.ok || (value && typeof value === 'object' && 'error' in value && value.error)) {
    throw new WebDriverError(`${method} ${path}: ${value?.error}: ${value?.message ?? text.slice(0, 300)}`, value?.error)
  }
  return value
}

/** Polls `GET /status` until the driver says it is ready. */
export async function waitForDriver(base, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    try {
      const value = await request(base, 'GET', '/status', undefined, 2_000)
      if (value?.ready !== false) return
      last = JSON.stringify(value)
    } catch (e) {
      last = String(e)
    }
    await sleep(150)
  }
  throw new WebDriverError(`WebDriver at ${base} not ready after ${timeoutMs} ms: ${last}`)
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export class Session {
  /** @param {string} base @param {string} id */
  constructor(base, id) {
    this.base = base
    this.id = id
  }

  /** @param {string} base @param {object} capabilities */
  static async create(base, capabilities) {
    const value = await request(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, 60_000)
    return new Session(base, value.sessionId)
  }

  /** @param {string} method @param {string} path @param {unknown} [body] */
  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body)
  }

  async delete() {
    await this.cmd('DELETE', '')
  }

  /**
   * Runs `script` in the page (sync); `arguments` are available as usual.
   * @param {string} script
   * @param {unknown[]} [args]
   */
  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args })
  }

  /** @param {string} css @returns {Promise<ElementRef[]>} */
  findAll(css) {
    return this.cmd('POST', '/elements', { using: 'css selector', value: css })
  }

  /** @param {ElementRef} el */
  click(el) {
    return this.cmd('POST', `/element/${el[ELEMENT]}/click`, {})
  }

  /** @param {ElementRef} el @param {string} text */
  type(el, text) {
    return this.cmd('POST', `/element/${el[ELEMENT]}/value`, { text })
  }

  /** @param {ElementRef} el @returns {Promise<string>} */
  text(el) {
    return this.cmd('GET', `/element/${el[ELEMENT]}/text`)
  }

  /** The page's visible text. */
  async bodyText() {
    return /** @type {string} */ (await this.exec('return document.body.innerText'))
  }

  /** @param {string} path PNG file to write */
  async screenshot(path) {
    const { writeFile, mkdir } = await import('node:fs/promises')
    const { dirname } = await import('node:path')
    // let pending renders and Element Plus transitions reach the screen first
    await this.cmd('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
               requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 350)))`,
      args: [],
    })
    const b64 = await this.cmd('GET', '/screenshot')
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, Buffer.from(b64, 'base64'))
  }

  /**
   * Waits until `probe` resolves to a truthy value and returns it.
   * @template T
   * @param {() => Promise<T>} probe
   * @param {string} what  described in the failure
   * @param {number} [timeoutMs]
   * @param {number} [everyMs]  how often to ask
   * @returns {Promise<NonNullable<T>>}
   */
  async waitFor(probe, what, timeoutMs = 15_000, everyMs = 100) {
    const deadline = Date.now() + timeoutMs
    let lastError = ''
    while (Date.now() < deadline) {
      try {
        const value = await probe()
        if (value) return /** @type {NonNullable<T>} */ (value)
      } catch (e) {
        lastError = String(e)
      }
      await sleep(everyMs)
    }
    throw new WebDriverError(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${lastError})` : ''}`)
  }

  /**
   * The first *visible* element matching `css` whose trimmed text equals (or, with
   * `contains`, includes) `text`; Element Plus keeps hidden copies of poppers around.
   * @param {string} css @param {string | null} [text] @param {{contains?: boolean}} [opts]
   * @returns {Promise<ElementRef | null>}
   */
  async visible(css, text = null, opts = {}) {
    return /** @type {ElementRef | null} */ (
      await this.exec(
        `const [css, text, contains] = arguments;
         for (const el of document.querySelectorAll(css)) {
           const r = el.getBoundingClientRect();
           const style = getComputedStyle(el);
           if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.opacity === '0') continue;
           if (text === null) return el;
           const t = el.innerText.trim();
           if (contains ? t.includes(text) : t === text) return el;
         }
         return null;`,
        [css, text, !!opts.contains],
      )
    )
  }

  /** Waits for a visible element and returns it. @param {string} css @param {string | null} [text] @param {{contains?: boolean, timeoutMs?: number}} [opts] */
  async waitVisible(css, text = null, opts = {}) {
    return this.waitFor(() => this.visible(css, text, opts), `${css}${text ? ` “${text}”` : ''}`, opts.timeoutMs)
  }

  /**
   * Picks `option` in the Element Plus select `selectCss` as a user would: opens it, waits for
   * the dropdown's opening animation to settle (a click mid-animation can land on the option
   * next to it on a loaded machine), clicks the option, and checks the select now shows it;
   * tries again from the start when it does not.
   * @param {string} selectCss @param {string} option
   */
  async choose(selectCss, option) {
    let shown = ''
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await this.visible('.el-select-dropdown__item', option))) await this.clickVisible(selectCss)
      const item = await this.waitVisible('.el-select-dropdown__item', option)
      await this.exec('arguments[0].scrollIntoView({ block: "nearest" })', [item])
      let last = ''
      await this.waitFor(async () => {
        const now = JSON.stringify(
          await this.exec(
            `const r = arguments[0].getBoundingClientRect();
             const popper = arguments[0].closest('.el-popper');
             return [r.x, r.y, r.width, r.height, popper ? getComputedStyle(popper).opacity : '1'];`,
            [item],
          ),
        )
        const settled = now === last && now.endsWith(',"1"]')
        last = now
        return settled
      }, `the option “${option}” to stop moving`)
      try {
        await this.click(item)
      } catch (e) {
        // WebKit may call an option still being laid out "not interactable": close and try again
        if (!(e instanceof WebDriverError) || e.code !== 'element not interactable') throw e
      }
      shown = String(
        await this.exec(`const el = document.querySelector(arguments[0]); return el ? el.innerText.trim() : ''`, [selectCss]),
      )
      if (shown.includes(option)) return
      await this.exec('document.activeElement && document.activeElement.blur()')
      await sleep(300)
    }
    throw new WebDriverError(`could not choose “${option}” in ${selectCss} (it shows “${shown}”)`)
  }

  /**
   * Waits (up to 3 s) until an element is where it was 100 ms before and no finite animation runs
   * on it or a box around it: a page whose sections load their lists after it opens moves the
   * buttons below them, a drawer slides in, and a click sent meanwhile lands on whatever moved
   * under it. On a loaded machine a sliding drawer can stand still for 100 ms between two frames,
   * so the position alone does not tell. @param {any} el
   */
  async settled(el) {
    const state = () =>
      this.exec(
        `const el = arguments[0];
         const r = el.getBoundingClientRect();
         const moving = (document.getAnimations ? document.getAnimations() : []).some((a) => {
           const target = a.effect && a.effect.target;
           return a.playState === 'running' && target instanceof Element && target.contains(el)
             && a.effect.getComputedTiming().iterations !== Infinity;
         });
         return [r.x, r.y, r.width, r.height, moving].join();`,
        [el],
      )
    let last = await state()
    for (let i = 0; i < 30; i++) {
      await sleep(100)
      const now = await state()
      if (now === last && now.endsWith(',false')) return
      last = now
    }
  }

  /** Waits for a visible element and clicks it. @param {string} css @param {string | null} [text] @param {{contains?: boolean, timeoutMs?: number}} [opts] */
  async clickVisible(css, text = null, opts = {}) {
    // Element Plus animates overlays (loading masks, drawers, dialogs) in and out: while one
    // covers the target the click is "intercepted", so find the element again and retry.
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000)
    for (;;) {
      const el = await this.waitVisible(css, text, opts)
      try {
        await this.settled(el)
        await this.click(el)
        return el
      } catch (e) {
        const retry = e instanceof WebDriverError && ['element click intercepted', 'stale element reference', 'element not interactable'].includes(e.code ?? '')
        if (!retry || Date.now() > deadline) throw e
        await sleep(150)
      }
    }
  }
}

export { ELEMENT }
