/**
 * The start screen: a new empty workflow, the shipped examples, and recent files.
 */
import { useEffect, useState } from 'react';
import type { ExampleInfo } from '../../shared/api';
import { api } from '../bridge';
import { Icon } from '../ui/icons';
import { newDocument, openDocument, openExample, openPath } from './commands';
import { useRecent } from './useRecent';
import { RecentFileItem } from './RecentFileItem';

export function StartScreen() {
  const [examples, setExamples] = useState<ExampleInfo[] | undefined>();
  const [error, setError] = useState<string>();
  const recent = useRecent();
  useEffect(() => {
    api.examples
      .list()
      .then(setExamples)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <main className="wm-start" data-testid="start-screen">
      <div className="wm-start__inner">
        <header className="wm-start__hero">
          <span className="wm-logo wm-logo--lg" aria-hidden="true">
            ◆
          </span>
          <div>
            <h1>Waymark</h1>
            <p>
              Design AI-agent workflows you can govern: every step, decision and approval on one canvas, exported as a
              spec that runs headless.
            </p>
          </div>
        </header>
        <div className="wm-start__grid">
          <section aria-labelledby="wm-start-begin">
            <h2 id="wm-start-begin">Start</h2>
            <div className="wm-start__actions">
              <button type="button" className="wm-card wm-card--action" onClick={newDocument} data-testid="start-new">
                <Icon name="filePlus" size={20} />
                <span>
                  <strong>New workflow</strong>
                  <span>An empty canvas</span>
                </span>
              </button>
              <button type="button" className="wm-card wm-card--action" onClick={() => void openDocument()}>
                <Icon name="folderOpen" size={20} />
                <span>
                  <strong>Open…</strong>
                  <span>A .waymark.json file</span>
                </span>
              </button>
            </div>
            <h2 id="wm-start-recent">Recent</h2>
            <ul className="wm-recent" aria-labelledby="wm-start-recent" data-testid="recent-list">
              {recent?.length === 0 && <li className="wm-muted">Files you open or save appear here.</li>}
              {recent?.map((p) => (
                <RecentFileItem key={p} path={p} onOpen={(path) => void openPath(path)} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="wm-start-examples">
            <h2 id="wm-start-examples">Examples</h2>
            {error && <p className="wm-field__error">Could not list examples: {error}</p>}
            {!examples && !error && <p className="wm-muted">Loading…</p>}
            {examples?.length === 0 && <p className="wm-muted">No examples are installed.</p>}
            <ul className="wm-examples">
              {examples?.map((ex) => (
                <li key={ex.name}>
                  <button
                    type="button"
                    className="wm-card wm-card--example"
                    onClick={() => void openExample(ex.name)}
                    data-testid={`example-${ex.name}`}
                  >
                    <strong>{ex.title}</strong>
                    <span>{ex.description}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </main>
  );
}
