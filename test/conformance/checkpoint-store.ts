/**
 * The checkpoint-store conformance suite (LangGraph's checkpoint-validation idea): every
 * `CheckpointStore` implementation runs this one suite, so the engine can rely on the
 * contract rather than on whichever store it was tested against.
 *
 * Usage: `describeCheckpointStore('sqlite', () => ({ store, reopen, cleanup }))`. The
 * factory is called once per test; `reopen` (durable stores only) must return a new store
 * over the same data after the first one was closed. The sections live in sibling files.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { CheckpointStore } from '../../src-main/engine/store';
import type { SuiteContext } from './context';
import { helpers } from './context';
import { describeApprovals, describeEvents } from './events-approvals';
import { describeEscalation } from './escalation';
import { describeLeases } from './leases';
import { describeIsolation, describeLifecycle, describeListRuns } from './listing-isolation';
import { describeRuns, describeSteps } from './runs-steps';

/** What a conformance factory returns. */
export interface StoreHarness {
  store: CheckpointStore;
  /** Opens a new store over the same data (call only after closing `store`). */
  reopen?: () => CheckpointStore;
  /** Removes whatever the store left behind (temp files); stores are closed first. */
  cleanup?: () => void;
}

/** Registers the shared suite for one `CheckpointStore` implementation. */
export function describeCheckpointStore(name: string, factory: () => StoreHarness): void {
  describe(`CheckpointStore conformance: ${name}`, () => {
    let h: StoreHarness | undefined;
    const opened: CheckpointStore[] = [];
    const current = (): StoreHarness => {
      if (!h) throw new Error('no store outside a test');
      return h;
    };
    const ctx: SuiteContext = {
      get store() {
        return current().store;
      },
      get reopen() {
        return current().reopen;
      },
      track(store) {
        opened.push(store);
        return store;
      },
      ...helpers(() => current().store),
    };

    beforeEach(() => {
      h = factory();
      opened.push(h.store);
    });

    afterEach(() => {
      for (const s of opened.splice(0)) {
        try {
          s.close();
        } catch {
          // already closed by the test
        }
      }
      h?.cleanup?.();
      h = undefined;
    });

    describeRuns(ctx);
    describeSteps(ctx);
    describeEvents(ctx);
    describeApprovals(ctx);
    describeEscalation(ctx);
    describeListRuns(ctx);
    describeIsolation(ctx);
    describeLifecycle(ctx);
    describeLeases(ctx);
  });
}
