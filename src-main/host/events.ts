/**
 * The push side of the API: engine events and app notices fan out from one hub to every
 * connected transport (each WebSocket client, the Electron window). The engine publishes
 * into the hub; transports subscribe. Listeners are isolated: one that throws does not stop
 * the others, because a broken client must not starve the rest.
 */
import type { EngineEvent } from '../../shared/events';
import type { AppNotice, ServerPush } from '../../shared/notices';

// The notice union lives in shared/ so the renderer can import it; re-exported for the
// main-side code that has always imported it from here.
export type { AppNotice, AppNoticeCommand, ServerPush } from '../../shared/notices';

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
