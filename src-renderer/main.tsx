/** Renderer entry. Monaco is not imported here: it loads lazily with the first code field. */
import './zod-config';
import '@xyflow/react/dist/base.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/chrome.css';
import './styles/canvas.css';
import './styles/inspector.css';
import './styles/panels.css';
import './styles/runs.css';
import './styles/governance.css';
import './styles/forms.css';
import './styles/cost.css';
import './styles/connect.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { api, initSession } from './bridge';
import { loadNodeCatalog } from './catalog/load';
import { initTheme } from './app/theme';
import { RunsRoot } from './runs/RunsRoot';

initSession(); // first: the token leaves the address bar before anything renders
initTheme();
// The node types the backend runs (an embedder's included); the built-ins until it answers.
void loadNodeCatalog(api, (e) => console.warn('node catalog unavailable; showing the built-in node types', e));

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <App />
    <RunsRoot />
  </StrictMode>,
);
