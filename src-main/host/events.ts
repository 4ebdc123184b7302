/**
 * The push side of the API: engine events and app notices fan out from one hub to every
 * connected transport (each WebSocket client, the Electron window). The engine publishes
 * into the hub; transports subscribe. Listeners are isolated: one that throws does not stop
 * the others, because a broken client must not starve the rest.
 */
import type { EngineEvent } from '../../shared/events';

/**
 * Commands the shell sends to the renderer (menu items, files opened from the OS).
 * The renderer handles each; see docs/desktop.md for what each one means.
 * Candidate for `shared/api.ts` once the renderer consumes it (the renderer cannot import
 * from src-main).
 */
export type AppNotice =
  | { command: 'file.new' }
  | { command: 'file.open' }
  | { command: 'file.openPath'; path: string }
  | { command: 'file.save' }
  | { command: 'file.saveAs' }
  | { command: 'file.export' }
  | { command: 'edit.undo' }
  | { command: 'edit.redo' }
  | { command: 'edit.selectAll' }
  | { command: 'view.fitView' }
  | { command: 'view.toggleTheme' }
  | { command: 'help.shortcuts' };

export type AppNoticeCommand = AppNotice['command'];

/** One server push, exactly as it goes on the wire. */
export type ServerPush = { event: EngineEvent } | { notice: AppNotice };

export interface EventHub {
  /** Publishes an engine event to every subscriber. */
  publish(event: EngineEvent): void;
  /** Sends an app notice to every subscriber. */
  notify(notice: AppNotice): void;
  /** Subscribes to all pushes; returns the unsubscribe function. */
  subscribe(listener: (push: ServerPush) => void): () => void;
  /** Number of current subscribers (for tests and diagnostics). */
  readonly size: number;
}

/** Creates an in-process hub. `onListenerError` sees errors thrown by listeners. */
export function createEventHub(onListenerError: (e: unknown) => void = () => {}): EventHub {
  const listeners = new Set<(push: ServerPush) => void>();
  const emit = (push: ServerPush): void => {
    for (const l of [...listeners]) {
      try {
        l(push);
      } catch (e) {
        onListenerError(e);
      }
    }
  };
  return {
    publish: (event) => emit({ event }),
    notify: (notice) => emit({ notice }),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get size() {
      return listeners.size;
    },
  };
}
