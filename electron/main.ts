import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { Backend } from './backend/backend';
import { bindIpc } from './shell/ipcBinding';
import { lockDownContents } from './shell/lockdown';
import { createMainWindow, hardenSession, registerAppScheme, serveRenderer } from './shell/window';
import { electronPdfPrinter } from './shell/printReport';

// The thin Electron shell: lifecycle, window, IPC binding. Everything else is the same Node
// backend that `pptp-auditor serve` and the tests run without Electron.
registerAppScheme();
const preloadPath = path.join(__dirname, 'preload.cjs');
// The printer needs the backend (to register the audit) and the backend the printer: the
// closure is only called once both exist.
const backend: Backend = new Backend(undefined, { printPdf: (dir, out, paper) => printPdf(dir, out, paper) });
const printPdf = electronPdfPrinter(backend, preloadPath);

function openWindow(): void {
  const window = createMainWindow(preloadPath);
  const unbind = bindIpc(backend, window);
  window.on('closed', unbind);
}

app.enableSandbox();
// Every web contents, including any not created by window.ts or printReport.ts, is locked down
// the moment it exists, before it can load anything.
app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
app.whenReady().then(() => {
  hardenSession();
  serveRenderer(path.resolve(__dirname, '../renderer'));
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

app.on('window-all-closed', () => {
  backend.dispose();
  if (process.platform !== 'darwin') app.quit();
});
