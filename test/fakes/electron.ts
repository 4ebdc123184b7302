/**
 * A small fake of the `electron` module, for testing the shell's wiring where the Electron
 * binary cannot run. It records what the code under test asks of Electron (window options,
 * handlers, exposures, menu templates, forks) and lets tests drive events.
 *
 * Use: `vi.mock('electron', () => import('./fakes/electron'))`, then `fake` to inspect and
 * `resetFakeElectron()` in `beforeEach`. Only the surface the shell uses is modelled.
 */
type Listener = (...args: never[]) => unknown;

/** Just enough EventEmitter: on/once/off/emit, in registration order. */
export class FakeEmitter {
  private readonly listeners = new Map<string, Array<{ fn: Listener; once: boolean }>>();

  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }
  once(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }
  off(event: string, fn: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l.fn !== fn),
    );
    return this;
  }
  removeListener(event: string, fn: Listener): this {
    return this.off(event, fn);
  }
  emit(event: string, ...args: unknown[]): boolean {
    const ls = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      ls.filter((l) => !l.once),
    );
    for (const l of ls) (l.fn as (...a: unknown[]) => unknown)(...args);
    return ls.length > 0;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An Electron-style event: records preventDefault. */
export function fakeEvent<T extends object>(extra?: T): { defaultPrevented: boolean; preventDefault(): void } & T {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
    ...(extra ?? ({} as T)),
  };
  return e;
}

export class FakeWebContents extends FakeEmitter {
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class BrowserWindow extends FakeEmitter {
  static readonly instances: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  shown = false;
  focused = false;
  minimized = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return [...BrowserWindow.instances];
  }
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
}

class FakeApp extends FakeEmitter {
  name = 'Waymark';
  isPackaged = false;
  appPath = '/fake/app';
  userData = '/fake/userData';
  singleInstance = true;
  quitCalls = 0;
  sandboxEnabled = false;
  readonly recentDocuments: string[] = [];
  private ready = false;
  private resolveReady: (() => void) | undefined;
  private readyPromise = new Promise<void>((r) => (this.resolveReady = r));

  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    this.quitCalls++;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getPath(_name: string): string {
    return this.userData;
  }
  addRecentDocument(p: string): void {
    this.recentDocuments.push(p);
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Test helper: fire 'ready'. */
  makeReady(): void {
    this.ready = true;
    this.resolveReady?.();
    this.emit('ready');
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeUtilityProcess extends FakeEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  /** Set by a test to receive what main posts (e.g. to run serveBackend in-process). */
  onPost: ((message: unknown) => void) | undefined;

  constructor(
    readonly modulePath: string,
    readonly args: string[] | undefined,
    readonly options: Record<string, unknown> | undefined,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
    // Structured clone, asynchronously, as a real process boundary would.
    const copy = structuredClone(message);
    queueMicrotask(() => this.onPost?.(copy));
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
}

/** Everything the fake records, reset by resetFakeElectron(). */
function createState() {
  return {
    ipcHandlers: new Map<string, Handler>(),
    exposed: new Map<string, unknown>(),
    invoked: [] as Array<{ channel: string; args: unknown[] }>,
    /** What ipcRenderer.invoke resolves with; tests replace it. */
    invokeImpl: (async () => ({ result: null })) as (channel: string, ...args: unknown[]) => Promise<unknown>,
    applicationMenu: undefined as { template: unknown[] } | undefined,
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
    headersReceived: [] as Array<{ filter: unknown; listener: Handler }>,
    beforeRequest: [] as Array<{ filter: unknown; listener: Handler }>,
    permissionRequestHandler: undefined as Handler | undefined,
    permissionCheckHandler: undefined as Handler | undefined,
    forks: [] as FakeUtilityProcess[],
    onFork: undefined as ((child: FakeUtilityProcess) => void) | undefined,
    openDialogResult: { canceled: false, filePaths: ['/picked/flow.waymark.json'] } as {
      canceled: boolean;
      filePaths: string[];
    },
    saveDialogResult: { canceled: false, filePath: '/picked/flow.waymark.json' } as {
      canceled: boolean;
      filePath?: string;
    },
    messageBoxResult: 1,
    dialogCalls: [] as Array<{ kind: string; args: unknown[] }>,
    /** What `safeStorage` reports: whether the OS secret store works, and (Linux) which backend. */
    safeStorageAvailable: true,
    safeStorageBackend: 'gnome_libsecret' as string,
  };
}

export const fake = createState();
export const app = new FakeApp();
export const ipcRenderer = new (class extends FakeEmitter {
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    fake.invoked.push({ channel, args });
    return fake.invokeImpl(channel, ...args);
  }
})();

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    fake.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    fake.ipcHandlers.delete(channel);
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    fake.exposed.set(key, api);
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    fake.applicationMenu = menu ?? undefined;
  },
};

export const dialog = {
  async showOpenDialog(...args: unknown[]) {
    fake.dialogCalls.push({ kind: 'open', args });
    return fake.openDialogResult;
  },
  async showSaveDialog(...args: unknown[]) {
    fake.dialogCalls.push({ kind: 'save', args });
    return fake.saveDialogResult;
  },
  showMessageBoxSync(...args: unknown[]): number {
    fake.dialogCalls.push({ kind: 'messageBox', args });
    return fake.messageBoxResult;
  },
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(filter: unknown, listener: Handler): void {
        fake.headersReceived.push({ filter, listener });
      },
      onBeforeRequest(filter: unknown, listener: Handler): void {
        fake.beforeRequest.push({ filter, listener });
      },
    },
    setPermissionRequestHandler(handler: Handler): void {
      fake.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Handler): void {
      fake.permissionCheckHandler = handler;
    },
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    fake.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    fake.protocolHandlers.set(scheme, handler);
  },
};

export const utilityProcess = {
  fork(modulePath: string, args?: string[], options?: Record<string, unknown>): FakeUtilityProcess {
    const child = new FakeUtilityProcess(modulePath, args, options);
    fake.forks.push(child);
    fake.onFork?.(child);
    return child;
  },
};

export const nativeTheme = { shouldUseDarkColors: false };

/**
 * safeStorage with a toy cipher (a versioned prefix, then bytes XORed with a fixed key):
 * enough for tests to see that what reaches disk is not the plaintext, and that only this
 * "OS" can turn it back. Refuses to work when `fake.safeStorageAvailable` is false, as
 * Electron does.
 */
export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return fake.safeStorageAvailable;
  },
  getSelectedStorageBackend(): string {
    return fake.safeStorageBackend;
  },
  encryptString(plain: string): Buffer {
    if (!fake.safeStorageAvailable)
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      );
    return Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
  },
  decryptString(data: Buffer): string {
    if (!fake.safeStorageAvailable)
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      );
    if (data.subarray(0, 3).toString() !== 'v10')
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  },
};

/** Desktop notifications: records each one; tests fire 'click' / 'close' through `emit`. */
export class Notification extends FakeEmitter {
  static readonly instances: Notification[] = [];
  static supported = true;
  shown = false;

  constructor(readonly options: { title?: string; body?: string; silent?: boolean }) {
    super();
    Notification.instances.push(this);
  }
  static isSupported(): boolean {
    return Notification.supported;
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.emit('close');
  }
}

/** Clears every recording and restores defaults. Call in beforeEach. */
export function resetFakeElectron(): void {
  Object.assign(fake, createState());
  BrowserWindow.instances.length = 0;
  BrowserWindow.focused = null;
  Notification.instances.length = 0;
  Notification.supported = true;
  Object.assign(app, new FakeApp());
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeTheme,
  Notification,
  protocol,
  safeStorage,
  session,
  utilityProcess,
};
