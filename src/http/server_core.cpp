// The server's shared state: accepting, signals, and the graceful drain.
#include <chrono>
#include <cstring>
#include <latch>
#include <memory>

#include <pthread.h>
#include <sched.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "http/server_core.hpp"

namespace lianxin::http::detail {

using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

// Runs `setup` once on each of the pool's threads: every thread takes one task and waits at the
// latch until all have, so no thread can take two. Shared, because a thread may still be leaving
// the latch's wait when the caller's wait has returned.
void on_every_thread(asio::thread_pool& pool, int threads, void (*setup)()) {
  auto all = std::make_shared<std::latch>(threads);
  for (int i = 0; i < threads; ++i) {
    asio::post(pool, [all, setup] {
      setup();
      all->arrive_and_wait();
    });
  }
  all->wait();
}

void make_batch_thread() {
  sched_param p{};
  p.sched_priority = 0;
  if (int rc = pthread_setschedparam(pthread_self(), SCHED_BATCH, &p); rc != 0)
    spdlog::warn("worker thread stays under SCHED_OTHER: pthread_setschedparam: {}", std::strerror(rc));
}

}  // namespace

Core::Core(ServerOptions options, const Router& user_routes)
    : opts(std::move(options)),
      router(user_routes),
      ioc(std::max(1, opts.io_threads)),
      pool(static_cast<size_t>(std::max(1, opts.worker_threads))),
      control(asio::make_strand(ioc)),
      acceptor(control),
      signals(control) {
  if (opts.batch_workers) on_every_thread(pool, std::max(1, opts.worker_threads), make_batch_thread);
  add_builtin_routes(*this);
  if (!opts.authorizer) {
    for (const auto& r : router.routes()) {
      if (r.permission != "public")
        throw std::logic_error("route " + r.method + " " + r.pattern + " needs an authorizer (permission " +
                               r.permission + ")");
    }
  }
  if (!opts.static_dir.empty()) statics = std::make_unique<StaticFiles>(opts.static_dir);
}

// Handlers still running on the pool reference sessions: wait for them before anything goes.
Core::~Core() {
  ioc.stop();
  pool.stop();
  pool.join();
}

void Core::register_session(const std::shared_ptr<SessionHandle>& h) {
  std::lock_guard lock(mu);
  sessions.insert(h);
}

void Core::unregister_session(const std::shared_ptr<SessionHandle>& h) {
  std::lock_guard lock(mu);
  sessions.erase(h);
}

namespace {

void close_if_idle(const std::shared_ptr<SessionHandle>& h) {
  if (h->idle && h->socket) {
    boost::system::error_code ec;
    h->socket->cancel(ec);  // the idle read fails, and the session loop ends
  }
}

// Stops the io_context when every connection has finished, or when the grace period is over.
asio::awaitable<void> drain(Core& core) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(core.opts.shutdown_grace_s);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (core.connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(use_tuple);
  }
  if (core.connections.load() > 0) {
    spdlog::warn("shutdown: {} connection(s) still busy after {}s, stopping anyway", core.connections.load(),
                 core.opts.shutdown_grace_s);
  }
  core.ioc.stop();
}

}  // namespace

void Core::begin_shutdown() {
  if (draining.exchange(true)) return;
  spdlog::info("shutdown: draining {} connection(s)", connections.load());
  boost::system::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  std::vector<std::shared_ptr<SessionHandle>> live;
  {
    std::lock_guard lock(mu);
    live.assign(sessions.begin(), sessions.end());
  }
  for (const auto& h : live) asio::post(h->executor, [h] { close_if_idle(h); });
  asio::co_spawn(control, drain(*this), [](std::exception_ptr e) { log_if_failed("drain", e); });
}

// A connection's coroutine and the shutdown's close of its socket must not run at once: with one
// io thread the io_context itself guarantees that, with several each connection needs a strand
// (whose queueing showed in every request's profile).
asio::any_io_executor connection_executor(Core& core) {
  if (core.opts.io_threads <= 1) return core.ioc.get_executor();
  return asio::make_strand(core.ioc);
}

asio::awaitable<void> accept_loop(Core& core) {
  asio::steady_timer backoff(core.control);
  while (!core.draining.load()) {
    auto [ec, socket] = co_await core.acceptor.async_accept(connection_executor(core), use_tuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !core.acceptor.is_open()) co_return;
      spdlog::warn("accept failed: {}", ec.message());  // e.g. out of file descriptors: do not spin
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(use_tuple);
      continue;
    }
    auto executor = socket.get_executor();
    if (core.connections.load() >= core.opts.max_connections) {
      spdlog::warn("refusing a connection: max_connections ({}) reached", core.opts.max_connections);
      asio::co_spawn(executor, refuse_connection(core, tcp::socket(std::move(socket))),
                     [](std::exception_ptr e) { log_if_failed("refuse", e); });
      continue;
    }
    core.connections.fetch_add(1);
    asio::co_spawn(executor, serve_connection(core, tcp::socket(std::move(socket))),
                   [](std::exception_ptr e) { log_if_failed("session", e); });
  }
}

namespace {

// On the session's executor: the session is suspended in a socket operation (or has ended).
void expire(const std::shared_ptr<SessionHandle>& h) {
  if (!h->socket || h->deadline.load() > std::chrono::steady_clock::now().time_since_epoch().count()) return;
  boost::system::error_code ec;
  h->socket->cancel(ec);  // the pending read or write fails, and the session closes
}

}  // namespace

asio::awaitable<void> sweep_deadlines(Core& core) {
  asio::steady_timer timer(core.control);
  std::vector<std::shared_ptr<SessionHandle>> late;
  while (!core.draining.load() || core.connections.load() > 0) {
    timer.expires_after(kSweepInterval);
    auto [ec] = co_await timer.async_wait(use_tuple);
    if (ec) co_return;
    const int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    late.clear();
    {
      std::lock_guard lock(core.mu);
      for (const auto& h : core.sessions)
        if (h->deadline.load(std::memory_order_relaxed) <= now) late.push_back(h);
    }
    for (const auto& h : late) asio::post(h->executor, [h] { expire(h); });
  }
}

asio::awaitable<void> wait_for_signal(Core& core) {
  auto [ec, signo] = co_await core.signals.async_wait(use_tuple);
  if (ec) co_return;  // cancelled: shutdown came from stop()
  spdlog::info("signal {} received", signo);
  core.begin_shutdown();
}

void log_if_failed(const char* what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::error("{}: {}", what, ex.what());
  } catch (...) {
    spdlog::error("{}: unknown exception", what);
  }
}

}  // namespace lianxin::http::detail
