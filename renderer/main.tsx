import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api';
import { Shell } from './Shell';
import './styles.css';

dayjs.locale('zh-cn');

// A failed call has already been shown by the error centre, and a form that fails validation shows
// its own field messages: neither is an unhandled error.
window.addEventListener('unhandledrejection', (e) => {
  const reason: unknown = e.reason;
  if (reason instanceof ApiError || (reason && typeof reason === 'object' && 'errorFields' in reason)) e.preventDefault();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4, fontSize: 14 } }}
    >
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
