// The HTTP/1.1 server: Boost.Beast + Asio with C++20 coroutines.
//
// Threads: `io_threads` run the sockets; route handlers marked blocking run on a separate pool of
// `worker_threads`, so a slow query never stalls other connections. Every limit is on by default,
// and overload (too many connections, a full worker queue) answers 503 at once instead of queueing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "http/api.hpp"

namespace lianxin::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port (tests); see Server::port()
  int io_threads = 1;
  int worker_threads = 8;
  // Worker threads under SCHED_BATCH: a worker woken for a request does not preempt the io thread
  // that woke it, but runs when that thread waits or its time slice ends. On a loaded machine this
  // saves a context switch per request (see docs/performance.md); false keeps SCHED_OTHER.
  bool batch_workers = true;
  size_t max_body_bytes = 10 * 1024 * 1024;
  size_t max_header_bytes = 16 * 1024;
  size_t max_url_bytes = 8 * 1024;
  int header_timeout_s = 10;   // to receive a complete request header
  int body_timeout_s = 60;     // to receive the body
  int idle_timeout_s = 60;     // keep-alive: between requests
  int write_timeout_s = 60;
  int max_connections = 1024;  // beyond: 503 and close
  int max_queued_requests = 256;  // blocking requests waiting for a worker; beyond: 503
  int shutdown_grace_s = 10;   // on SIGTERM/SIGINT: how long in-flight requests may finish
  std::string static_dir;      // served at / when set (the web app, issue #4)
  // Checks every route's permission. Without one the server accepts only "public" routes: the
  // constructor throws std::logic_error if any other route is registered.
  std::shared_ptr<Authorizer> authorizer;
};

// Extra values for /metrics, read at scrape time (e.g. the database pool).
struct GaugeSample {
  std::string name;  // prometheus metric name
  std::string help;
  double value;
};

// The routes the server answers itself (method, pattern): GET /healthz, /readyz, /metrics. Added
// so the OpenAPI-completeness test can list them. A Router that also has one makes Server's
// constructor throw std::logic_error (duplicate route).
std::vector<std::pair<std::string, std::string>> builtin_routes();

class Server {
public:
  Server(ServerOptions opts, const Router& router);
  ~Server();

  // Binds the listening socket (throws on failure). After this, port() is known.
  void listen();
  // Serves until SIGTERM/SIGINT or stop(); then drains in-flight requests (bounded) and returns.
  void run();
  void stop();
  uint16_t port() const;
  // Open client connections right now (added: lets tests see that closed connections are released).
  int active_connections() const;

  void add_gauges(std::function<std::vector<GaugeSample>()> source);
  // /readyz answers 200 with the returned object when `ready` is true, 503 otherwise.
  void set_readiness(std::function<bool(boost::json::object&)> check);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lianxin::http
