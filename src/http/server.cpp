// The public Server: binding, running the threads, stopping.
#include "http/server.hpp"

#include <csignal>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "http/server_core.hpp"

namespace lianxin::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Impl {
  Impl(ServerOptions opts, const Router& router) : core(std::move(opts), router) {}
  detail::Core core;
  std::atomic<uint16_t> bound_port{0};  // cached: the acceptor is not safe to query from other threads
};

Server::Server(ServerOptions opts, const Router& router) : impl_(std::make_unique<Impl>(std::move(opts), router)) {}

Server::~Server() = default;

void Server::listen() {
  auto& c = impl_->core;
  tcp::endpoint ep(asio::ip::make_address(c.opts.host), c.opts.port);
  c.acceptor.open(ep.protocol());
  c.acceptor.set_option(asio::socket_base::reuse_address(true));
  c.acceptor.bind(ep);
  c.acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->bound_port = c.acceptor.local_endpoint().port();
  spdlog::info("listening on {}:{}", c.opts.host, port());
}

// The calling thread is one of the io threads. Returns after the drain, with the pool joined.
void Server::run() {
  auto& c = impl_->core;
  if (!c.acceptor.is_open() && !c.draining.load()) listen();
  c.signals.add(SIGINT);
  c.signals.add(SIGTERM);
  asio::co_spawn(c.control, detail::accept_loop(c), [](std::exception_ptr e) { detail::log_if_failed("accept", e); });
  asio::co_spawn(c.control, detail::sweep_deadlines(c),
                 [](std::exception_ptr e) { detail::log_if_failed("deadlines", e); });
  asio::co_spawn(c.control, detail::wait_for_signal(c),
                 [](std::exception_ptr e) { detail::log_if_failed("signals", e); });
  std::vector<std::thread> threads;
  for (int i = 1; i < c.opts.io_threads; ++i) threads.emplace_back([&c] { c.ioc.run(); });
  c.ioc.run();
  for (auto& t : threads) t.join();
  c.pool.stop();  // queued work that never started is dropped; running handlers finish
  c.pool.join();
  spdlog::info("server stopped");
}

void Server::stop() {
  auto& c = impl_->core;
  asio::post(c.control, [&c] { c.begin_shutdown(); });
}

uint16_t Server::port() const {
  return impl_->bound_port.load();
}

int Server::active_connections() const { return impl_->core.connections.load(); }

void Server::add_gauges(std::function<std::vector<GaugeSample>()> source) {
  std::lock_guard lock(impl_->core.mu);
  impl_->core.gauge_sources.push_back(std::move(source));
}

void Server::set_readiness(std::function<bool(boost::json::object&)> check) {
  std::lock_guard lock(impl_->core.mu);
  impl_->core.readiness = std::move(check);
}

}  // namespace lianxin::http
