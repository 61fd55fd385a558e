// TypeScript declarations of index.mjs, the npm package's entry point.
import type { WsclientModule } from './wsclient.mjs';
import type { ReconnectingWebSocket } from './reconnecting_websocket.mjs';

export type * from './wsclient.mjs';
export { GaveUpEvent, ReconnectingEvent, ReconnectingWebSocket,
         type ReconnectingWebSocketEventMap } from './reconnecting_websocket.mjs';

export interface WsclientModuleWithWebSocket extends WsclientModule {
  /** A ReconnectingWebSocket over this instance's Client. */
  ReconnectingWebSocket: typeof ReconnectingWebSocket;
}

/** Loads the module (wsclient.wasm next to wsclient.mjs). */
export default function create(moduleOverrides?: object): Promise<WsclientModuleWithWebSocket>;
