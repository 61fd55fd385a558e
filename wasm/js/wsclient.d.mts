// TypeScript declarations of wsclient.mjs (the WebAssembly build of wsclient::client).
//
//   import createWsclient from './wsclient.mjs';
//   const wsclient = await createWsclient();
//   const client = new wsclient.Client({ reconnect: { initialDelay: 500 } });

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closing' | 'waiting' | 'closed';

/** "sent" (on an open connection), "queued" (in the outbox), or "refused: <why>". */
export type SendResult = 'sent' | 'queued' | `refused: ${string}`;

/** Every option is optional; the defaults are those of the C++ client_options (see the README). */
export interface ClientOptions {
  reconnect?: {
    enabled?: boolean;
    initialDelay?: number;  // ms
    maxDelay?: number;      // ms
    multiplier?: number;
    jitter?: 'full' | 'equal' | 'decorrelated' | 'none';
    maxAttempts?: number;   // reconnect attempts before giving up; 0: no limit
    maxElapsed?: number;    // ms an outage may last before giving up; 0: no limit
    maxRetryAfter?: number; // ms: the longest wait a Retry-After can impose (natively)
    randomFirstDelay?: boolean;
    stableAfter?: number;   // ms open before the backoff resets
    seed?: number;          // jitter RNG seed; 0: random
  };
  outbox?: {
    maxMessages?: number;
    maxBytes?: number;
    overflow?: 'rejectNew' | 'dropOldest';
    ttl?: number;           // ms; 0: messages never expire
  };
  /** Limits of the tracked sends waiting for acknowledge(). */
  tracking?: {
    maxMessages?: number;
    maxBytes?: number;
    overflow?: 'rejectNew' | 'dropOldest';
  };
  liveness?: {
    connectTimeout?: number;
    closeTimeout?: number;
    /** Protocol pings cannot be sent from a browser: setting this above 0 is refused. */
    pingInterval?: number;
    pongTimeout?: number;
    heartbeatInterval?: number;  // ms between heartbeat messages; 0: off
    heartbeatMessage?: string;
    silenceTimeout?: number;     // ms without any message before reconnecting; 0: off
  };
  subprotocols?: string[];
  maxMessageBytes?: number;
  /** The "drain" event fires when bufferedAmount() falls to this many bytes or fewer. */
  lowWaterMark?: number;
  /** Browsers cannot set these: any value other than the default is refused. */
  headers?: Record<string, string>;
  tls?: { caPem?: string; caFile?: string; insecureSkipVerify?: boolean };
  compression?: {
    enabled?: boolean;
    clientMaxWindowBits?: number;
    serverMaxWindowBits?: number;
    memLevel?: number;
    clientNoContextTakeover?: boolean;
    serverNoContextTakeover?: boolean;
  };
}

export interface Failure {
  error: string;
  closeCode: number;
  closeReason: string;
  wasOpen: boolean;
}

export interface Events {
  open: { url: string; subprotocol: string; extensions: string; attempt: number };
  message: { kind: 'text'; data: string } | { kind: 'binary'; data: Uint8Array };
  close: {
    code: number;
    reason: string;
    wasClean: boolean;
    error: string;
    willReconnect: boolean;
    reconnectDelay: number;
  };
  error: { error: string; detail: string };
  reconnecting: { attempt: number; delay: number; cause: Failure; waitingForNetwork: boolean };
  gaveup: {
    reason: string;
    attempts: number;
    lastFailure: Failure;
    unsent: { kind: 'text' | 'binary'; data: string }[];
    unacknowledged: { id: string; kind: 'text' | 'binary'; data: string }[];
  };
  state: ConnectionState;
  /** bufferedAmount() fell to lowWaterMark or below as the socket took the bytes. */
  drain: undefined;
}

export interface Stats {
  messagesSent: number;
  messagesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  connects: number;
  attempts: number;
  messagesDropped: number;
  messagesExpired: number;
  messagesRefused: number;
  /** Tracked messages sent again after a reconnect. */
  trackedResent: number;
  /** Messages accepted and not yet handed to the socket. */
  queuedMessages: number;
  /** Tracked messages waiting for acknowledge(). */
  trackedPending: number;
  /** Milliseconds the current connection has been open; 0 when none is. */
  connectedFor: number;
}

export interface Capabilities {
  customHeaders: boolean;
  tlsOptions: boolean;
  protocolPing: boolean;
  httpStatus: boolean;
  compressionOptions: boolean;
  /** false: the browser applies its own proxy settings (no proxy option here). */
  proxy: boolean;
  /** false: the browser resolves host names itself (no resolve overrides here). */
  resolveOverrides: boolean;
}

export declare class Client {
  constructor(options?: ClientOptions);
  /** "" when connecting started, else why not (bad URL, bad or unsupported options). */
  connect(url: string): string;
  sendText(text: string): SendResult;
  sendBinary(data: Uint8Array | ArrayBuffer | ArrayBufferView): SendResult;
  /** At least once: kept under id until acknowledge(id), sent again after every reconnect
   * (after the open hook's sends, before the outbox) while unacknowledged. */
  sendTrackedText(id: string, text: string): SendResult;
  sendTrackedBinary(id: string, data: Uint8Array | ArrayBuffer | ArrayBufferView): SendResult;
  /** The server acknowledged `id`: forget it. false when no tracked message has that id. */
  acknowledge(id: string): boolean;
  /** Closes for good (no reconnect). "" or why not: code 1000 or 3000-4999, reason <= 123 bytes. */
  close(code?: number, reason?: string): string;
  markHealthy(): void;
  state(): ConnectionState;
  bufferedAmount(): number;
  stats(): Stats;
  /** Sets THE handler of an event, replacing the previous one (as `onmessage = f` does); null
   * removes it. "" or why not (an unknown event name). */
  on<E extends keyof Events>(event: E, handler: ((event: Events[E]) => void) | null): string;
  /** Adds a listener, called after the `on` handler in the order added (the same function
   * once). "" or why not (an unknown event name, not a function). */
  addEventListener<E extends keyof Events>(event: E, listener: (event: Events[E]) => void): string;
  /** Removes a listener added with addEventListener. */
  removeEventListener<E extends keyof Events>(event: E, listener: (event: Events[E]) => void): void;
  /** Frees the client: its socket is dropped and no event follows. */
  delete(): void;
  static capabilities(): Capabilities;
  /** Every option key the constructor accepts, dotted ("reconnect.initialDelay"). */
  static optionKeys(): string[];
  /** Sockets the page holds for wsclient clients (at most one per client). */
  static liveSockets(): number;
}

export interface WsclientModule {
  Client: typeof Client;
}

export default function createWsclient(moduleOverrides?: object): Promise<WsclientModule>;
