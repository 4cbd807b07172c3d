// The server's shared state and its coroutines (internal; included only by the server .cpp files,
// so Asio stays out of every other translation unit).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/metrics.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"

namespace lianxin::http::detail {

namespace asio = boost::asio;

// Deadlines are steady_clock ticks; kNoDeadline while a handler runs (it has no time limit here).
constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();
inline int64_t deadline_after(std::chrono::steady_clock::duration d) {
  return (std::chrono::steady_clock::now() + d).time_since_epoch().count();
}
// How often the sweeper looks for connections past their deadline: timeouts hold to this much.
constexpr std::chrono::milliseconds kSweepInterval{250};

// What shutdown and the deadline sweeper need to know about a live connection: whether it sits
// idle between requests (it may then be closed at once), until when its current wait may last,
// and how to reach its socket on its own executor.
struct SessionHandle {
  asio::any_io_executor executor;
  asio::ip::tcp::socket* socket = nullptr;  // null once the session has ended
  bool idle = false;                        // touched only on `executor`
  std::atomic<int64_t> deadline{kNoDeadline};  // set by the session, read by the sweeper
};

struct Core {
  Core(ServerOptions options, const Router& user_routes);
  ~Core();

  // Runs on `control`: stop accepting, close idle connections, and stop the io_context once the
  // others have finished (or the grace period is over).
  void begin_shutdown();
  void register_session(const std::shared_ptr<SessionHandle>& h);
  void unregister_session(const std::shared_ptr<SessionHandle>& h);

  ServerOptions opts;
  Router router;  // the caller's routes plus the built-in ones
  Metrics metrics;
  std::unique_ptr<StaticFiles> statics;

  std::atomic<int> connections{0};       // sessions alive (not counting refused ones)
  std::atomic<int> inflight{0};          // requests between "read" and "written"
  std::atomic<int> blocking_pending{0};  // blocking handlers queued or running on the pool
  std::atomic<bool> draining{false};

  std::mutex mu;  // guards the three members below
  std::vector<std::function<std::vector<GaugeSample>()>> gauge_sources;
  std::function<bool(boost::json::object&)> readiness;
  std::set<std::shared_ptr<SessionHandle>> sessions;

  // Declared last so they are destroyed first: destroying them destroys suspended coroutine
  // frames, and those still touch the members above. The pool goes before the io_context: work
  // still queued on it owns sessions whose sockets belong to the io_context.
  asio::io_context ioc;
  asio::thread_pool pool;
  asio::strand<asio::io_context::executor_type> control;  // acceptor, signals, shutdown
  asio::ip::tcp::acceptor acceptor;
  asio::signal_set signals;
};

void add_builtin_routes(Core& core);

asio::awaitable<void> accept_loop(Core& core);
asio::awaitable<void> wait_for_signal(Core& core);
asio::awaitable<void> serve_connection(Core& core, asio::ip::tcp::socket socket);
asio::awaitable<void> refuse_connection(Core& core, asio::ip::tcp::socket socket);
// Cancels the pending socket operation of every connection past its deadline, every kSweepInterval,
// until the server drains.
asio::awaitable<void> sweep_deadlines(Core& core);

// Completion for detached coroutines: an escaped exception is logged, not lost.
void log_if_failed(const char* what, std::exception_ptr e);

}  // namespace lianxin::http::detail
