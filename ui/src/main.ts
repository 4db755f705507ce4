import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { showError } from './lib/notify'

const app = createApp(App)
// A bug in a page must not leave the clerk with a blank window: say so, in Chinese, and carry on.
app.config.errorHandler = (error) => {
  console.error(error)
  showError({ kind: 'ipc', message: `页面出错：${error instanceof Error ? error.message : String(error)}。请重试或重新启动本软件。` })
}
app.use(ElementPlus, { locale: zhCn }).use(router).mount('#app')
