import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { nextTick } from 'vue'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { default: TaskDrawer } = await import('./TaskDrawer.vue')

async function openDrawer() {
  const wrapper = mount(TaskDrawer, {
    props: { modelValue: false, task: null, planId: 1, sections: [], unitNames: ['县司法局'], defaultSectionId: null },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await nextTick()
  await flushPromises()
  return wrapper
}

function saveButton(): HTMLButtonElement {
  const button = document.querySelector<HTMLButtonElement>('[data-test="task-save"]')
  if (!button) throw new Error('save button not rendered')
  return button
}

beforeEach(() => {
  invoke.mockReset()
  document.body.innerHTML = ''
})

describe('TaskDrawer', () => {
  it('does not call the backend when the title is empty and says why in Chinese', async () => {
    const wrapper = await openDrawer()
    saveButton().click()
    await flushPromises()
    expect(invoke).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('任务名称不能为空')
    wrapper.unmount()
  })

  it('shows the backend message and stays open when the backend refuses', async () => {
    invoke.mockImplementation(() => Promise.reject({ kind: 'conflict', message: '序号“1”已被其他任务使用，请换一个序号。' }))
    const wrapper = await openDrawer()
    const title = document.querySelector<HTMLTextAreaElement>('textarea[data-test="task-title"]')
    if (!title) throw new Error('title field not rendered')
    title.value = '新任务'
    title.dispatchEvent(new Event('input'))
    await nextTick()
    saveButton().click()
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith('plugin:task|add', expect.objectContaining({ input: expect.objectContaining({ title: '新任务', plan_id: 1 }) }))
    expect(document.querySelector('.backend-error')?.textContent).toContain('已被其他任务使用')
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
    wrapper.unmount()
  })
})
