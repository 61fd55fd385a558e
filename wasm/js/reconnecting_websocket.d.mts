// TypeScript declarations of reconnecting_websocket.mjs: the browser's WebSocket interface over
// wsclient's Client (see the comment at the top of the .mjs for where it differs on purpose).
import type { ClientOptions, Failure, SendResult, WsclientModule } from './wsclient.mjs';

/** Fired before each reconnect attempt. */
export declare class ReconnectingEvent extends Event {
  readonly attempt: number;
  /** ms until the attempt. */
  readonly delay: number;
  /** The close code and reason of the failure that led to it (0 and "" if none). */
  readonly code: number;
  readonly reason: string;
  /** What failed, as text. */
  readonly error: string;
  readonly waitingForNetwork: boolean;
  constructor(type: string, init: { attempt: number; delay: number; cause: Failure;
                                    waitingForNetwork: boolean });
}

/** Fired after the final `close` when the client stopped retrying. */
export declare class GaveUpEvent extends Event {
  readonly reason: string;
  readonly attempts: number;
  readonly unsent: { kind: 'text' | 'binary'; data: string }[];
  constructor(type: string, init: { reason: string; attempts: number;
                                    unsent: { kind: 'text' | 'binary'; data: string }[] });
}

export interface ReconnectingWebSocketEventMap {
  open: Event;
  message: MessageEvent;
  close: CloseEvent;
  /** An ErrorEvent whose message says why the socket failed for good. */
  error: Event;
  reconnecting: ReconnectingEvent;
  gaveup: GaveUpEvent;
}

export declare class ReconnectingWebSocket extends EventTarget {
  /** url: ws:// or wss:// (http(s):// is taken as ws(s)://); throws a SyntaxError DOMException
   * on anything else, or on a repeated subprotocol. options: the Client's options. */
  constructor(url: string | URL, protocols?: string | string[], options?: ClientOptions);
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSING: 2;
  static readonly CLOSED: 3;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  readonly url: string;
  /** Back to CONNECTING while reconnecting. */
  readonly readyState: 0 | 1 | 2 | 3;
  readonly protocol: string;
  readonly extensions: string;
  readonly bufferedAmount: number;
  binaryType: BinaryType;
  onopen: ((this: ReconnectingWebSocket, event: Event) => unknown) | null;
  onmessage: ((this: ReconnectingWebSocket, event: MessageEvent) => unknown) | null;
  onclose: ((this: ReconnectingWebSocket, event: CloseEvent) => unknown) | null;
  onerror: ((this: ReconnectingWebSocket, event: Event) => unknown) | null;
  onreconnecting: ((this: ReconnectingWebSocket, event: ReconnectingEvent) => unknown) | null;
  ongaveup: ((this: ReconnectingWebSocket, event: GaveUpEvent) => unknown) | null;
  /** Queued while CONNECTING (sent in order once open), instead of throwing. */
  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): SendResult;
  /** For good: no reconnect after it. Throws as WebSocket does on a bad code or reason. */
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof ReconnectingWebSocketEventMap>(
      type: K, listener: (this: ReconnectingWebSocket, event: ReconnectingWebSocketEventMap[K]) => unknown,
      options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
                   options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ReconnectingWebSocketEventMap>(
      type: K, listener: (this: ReconnectingWebSocket, event: ReconnectingWebSocketEventMap[K]) => unknown,
      options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
                      options?: boolean | EventListenerOptions): void;
}

/** The class over the Client of the module that loadModule() gives (index.mjs calls it). */
export declare function defineReconnectingWebSocket(
    loadModule: () => WsclientModule | Promise<WsclientModule>): typeof ReconnectingWebSocket;
