// hiredis's asynchronous API driven by Asio: its event hooks become waits on the socket.
#pragma once

#include <boost/asio/any_io_executor.hpp>

struct redisAsyncContext;

namespace wsclient::demo {

/// Attaches context to executor: when hiredis asks to read (addRead) or write (addWrite), the
/// socket is waited on with asio::posix::stream_descriptor::async_wait and
/// redisAsyncHandleRead()/redisAsyncHandleWrite() run on executor when it is ready; delRead and
/// delWrite stop that; hiredis's cleanup hook (when it frees the context) detaches, leaving the
/// socket to hiredis, which closes it. Every hiredis call on context must then be made on
/// executor (a strand), as the handlers run there. False when the context already has
/// an event library attached.
bool attach_redis_to_asio(redisAsyncContext& context, const boost::asio::any_io_executor& executor);

}  // namespace wsclient::demo
