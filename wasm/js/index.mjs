// The npm package's entry point (package.json "exports"): the module factory, with
// ReconnectingWebSocket next to Client on every instance, and a ReconnectingWebSocket that
// loads a module instance of its own on first use, for pages that only want a WebSocket.
//
//   import { ReconnectingWebSocket } from 'wsclient';
//   const ws = new ReconnectingWebSocket('ws://127.0.0.1:8080/echo');
import createWsclient from './wsclient.mjs';
import { defineReconnectingWebSocket } from './reconnecting_websocket.mjs';

export { GaveUpEvent, ReconnectingEvent } from './reconnecting_websocket.mjs';

/** createWsclient() of wsclient.mjs, plus ReconnectingWebSocket on the instance. */
export default async function create(moduleOverrides) {
  const module = await createWsclient(moduleOverrides);
  module.ReconnectingWebSocket = defineReconnectingWebSocket(() => module);
  return module;
}

let shared;  // the instance of the ReconnectingWebSocket below, created when first needed
export const ReconnectingWebSocket = defineReconnectingWebSocket(
    () => (shared ??= createWsclient()));
