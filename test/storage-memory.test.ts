// The in-memory store must pass the same conformance suite as the SQLite store.
import { MemoryCheckpointStore } from '../src-main/engine/memory-store';
import { describeCheckpointStore } from './conformance/checkpoint-store';

describeCheckpointStore('memory', () => ({ store: new MemoryCheckpointStore() }));
