// The server over real sockets: a Server on 127.0.0.1:0 in a thread, a plain synchronous Beast
// client in the test.
#include <atomic>
#include <csignal>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <sched.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/errors.hpp"
#include "http/server.hpp"

namespace lianxin::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using BeastResponse = bhttp::response<bhttp::string_body>;

// Flags the slow handler sets, so tests reason about order instead of timing.
struct SlowState {
  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
};

Router test_router(SlowState& slow) {
  Router r;
  r.add(Route{"GET", "/api/hello", "public", [](RequestContext& ctx) {
                json::object o{{"hello", "世界"}};
                if (auto* name = ctx.req.query_param("name")) o["name"] = *name;
                return Response::json(o);
              }});
  r.add(Route{"POST", "/api/echo", "public",
              [](RequestContext& ctx) { return Response::text(ctx.req.body, "text/plain; charset=utf-8"); }});
  r.add(Route{"GET", "/api/slow", "public", [&slow](RequestContext&) {
                slow.started = true;
                std::this_thread::sleep_for(1s);
                slow.finished = true;
                return Response::json(json::object{{"slow", true}});
              }});
  r.add(Route{"GET", "/api/big", "public", [](RequestContext&) {  // more than the socket buffers hold
                return Response::text(std::string(16 << 20, 'x'), "text/plain");
              }});
  r.add(Route{"GET", "/api/policy", "public", [](RequestContext&) {  // the worker thread's scheduling policy
                return Response::json(json::object{{"policy", sched_getscheduler(0)}});
              }});
  r.add(Route{"GET", "/api/boom", "public",
              [](RequestContext&) -> Response { throw std::runtime_error("db password is hunter2"); }});
  r.add(Route{"GET", "/api/conflict", "public",
              [](RequestContext&) -> Response { throw conflict("dup", "已存在", "name"); }});
  return r;
}

// A Server running in its own thread for the duration of a test.
class RunningServer {
public:
  RunningServer(ServerOptions opts, const Router& router) : server_(adjust(std::move(opts)), router) {
    server_.listen();
    done_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  ~RunningServer() {
    server_.stop();
    done_.wait();
  }
  Server& server() { return server_; }
  uint16_t port() const { return server_.port(); }
  // True when run() returned within the time.
  bool stopped_within(std::chrono::seconds s) { return done_.wait_for(s) == std::future_status::ready; }

private:
  static ServerOptions adjust(ServerOptions o) {
    o.host = "127.0.0.1";
    o.port = 0;
    return o;
  }
  Server server_;
  std::future<void> done_;
};

// One client connection. The timeout tests read through read_some_within, which gives up after
// 10 s, so that a server missing a timeout fails them instead of hanging them.
class Client {
public:
  // `receive_buffer`: a fixed SO_RCVBUF (no autotuning), for tests of a client that stops reading.
  explicit Client(uint16_t port, int receive_buffer = 0) : socket_(ioc_) {
    socket_.open(tcp::v4());
    if (receive_buffer > 0) socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void send(bhttp::verb method, const std::string& target, std::string body = {},
            std::vector<std::pair<std::string, std::string>> headers = {}) {
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    for (auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == bhttp::verb::post) {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    bhttp::write(socket_, req);
  }
  BeastResponse receive(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }
  BeastResponse get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    send(bhttp::verb::get, target, {}, std::move(headers));
    return receive();
  }
  // True when the server closed the connection (EOF on the next read) within 10 s.
  bool closed_by_server() {
    beast::error_code ec;
    char c;
    read_some_within(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  // A read that gives up after 10 s with timed_out (Asio's blocking reads ignore SO_RCVTIMEO).
  size_t read_some_within(asio::mutable_buffer b, beast::error_code& ec) {
    pollfd p{socket_.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, 10000) != 1) {
      ec = asio::error::timed_out;
      return 0;
    }
    return socket_.read_some(b, ec);
  }
  tcp::socket& socket() { return socket_; }

private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

json::value body_json(const BeastResponse& r) { return json::parse(r.body()); }
std::string error_code_of(const BeastResponse& r) {
  return std::string(body_json(r).at("error").at("code").as_string());
}

// Polls `cond` for up to `limit`; for states the server reaches asynchronously.
template <class Cond>
bool eventually(Cond cond, std::chrono::milliseconds limit = 3000ms) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
    if (cond()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return cond();
}

class ServerTest : public ::testing::Test {
protected:
  ServerOptions opts() {
    ServerOptions o;
    o.io_threads = 1;  // one io thread: shows blocking handlers really leave it free
    o.worker_threads = 2;
    o.max_body_bytes = 1024;
    return o;
  }
  SlowState slow_;
  Router router_ = test_router(slow_);
};

TEST_F(ServerTest, JsonRouteWithRequestIdAndSafetyHeaders) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  auto r = c.get("/api/hello?name=%E5%BC%A0+%E4%B8%89");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r[bhttp::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(body_json(r), json::parse(R"({"hello":"世界","name":"张 三"})"));
  EXPECT_EQ(r["X-Request-Id"].size(), 16u);
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(r[bhttp::field::cache_control], "no-store");
}

TEST_F(ServerTest, ClientRequestIdIsKeptOnlyWhenSafe) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  EXPECT_EQ(c.get("/api/hello", {{"X-Request-Id", "abc-123.x_y"}})["X-Request-Id"], "abc-123.x_y");
  auto replaced = c.get("/api/hello", {{"X-Request-Id", "bad id;<script>"}})["X-Request-Id"];
  EXPECT_EQ(replaced.size(), 16u);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  auto first = c.get("/api/hello");
  EXPECT_TRUE(first.keep_alive());
  c.send(bhttp::verb::post, "/api/echo", "第二个请求");
  auto second = c.receive();
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second.body(), "第二个请求");
  EXPECT_EQ(s.server().active_connections(), 1);
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowedAreJson) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  auto nf = c.get("/api/nothing");
  EXPECT_EQ(nf.result_int(), 404);
  EXPECT_EQ(error_code_of(nf), "not_found");
  c.send(bhttp::verb::delete_, "/api/hello");
  auto na = c.receive();
  EXPECT_EQ(na.result_int(), 405);
  EXPECT_EQ(error_code_of(na), "method_not_allowed");
  EXPECT_EQ(na[bhttp::field::allow], "GET, HEAD");
}

TEST_F(ServerTest, HeadOnGetRouteHasLengthButNoBody) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  c.send(bhttp::verb::head, "/api/hello");
  auto r = c.receive(true);
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r[bhttp::field::content_length], std::to_string(std::string(R"({"hello":"世界"})").size()));
  EXPECT_TRUE(r.body().empty());
  EXPECT_EQ(c.get("/api/hello").result_int(), 200);  // the connection is still in sync
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutInternals) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  auto r = c.get("/api/boom");
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_EQ(body_json(r), json::parse(R"({"error":{"code":"internal","message":"服务器内部错误","field":""}})"));
  EXPECT_EQ(r.body().find("hunter2"), std::string::npos);
}

TEST_F(ServerTest, ApiErrorKeepsItsStatusAndBody) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  auto r = c.get("/api/conflict");
  EXPECT_EQ(r.result_int(), 409);
  EXPECT_EQ(body_json(r), json::parse(R"({"error":{"code":"dup","message":"已存在","field":"name"}})"));
}

TEST_F(ServerTest, BadPathIs400) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  EXPECT_EQ(c.get("/api/%zz").result_int(), 400);
  EXPECT_EQ(c.get("/api/%2e%2e/hello").result_int(), 400);
}

TEST_F(ServerTest, OversizedBodyIs413) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  c.send(bhttp::verb::post, "/api/echo", std::string(4096, 'x'));
  auto r = c.receive();
  EXPECT_EQ(r.result_int(), 413);
  EXPECT_EQ(error_code_of(r), "payload_too_large");
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, OversizedHeaderIs431AndLongUrlIs414) {
  ServerOptions o = opts();
  o.max_header_bytes = 2048;
  o.max_url_bytes = 512;
  RunningServer s(o, router_);
  Client big_header(s.port());
  EXPECT_EQ(big_header.get("/api/hello", {{"X-Filler", std::string(4096, 'a')}}).result_int(), 431);
  Client long_url(s.port());
  EXPECT_EQ(long_url.get("/api/hello?q=" + std::string(1000, 'a')).result_int(), 414);
}

TEST_F(ServerTest, HealthzAndMetrics) {
  RunningServer s(opts(), router_);
  s.server().add_gauges([] { return std::vector<GaugeSample>{{"lianxin_db_pool_in_use", "DB connections in use", 3}}; });
  Client c(s.port());
  auto h = c.get("/healthz");
  EXPECT_EQ(h.result_int(), 200);
  EXPECT_EQ(body_json(h), json::parse(R"({"status":"ok"})"));
  c.get("/api/hello");
  auto m = c.get("/metrics");
  EXPECT_EQ(m.result_int(), 200);
  EXPECT_NE(m.body().find("lianxin_http_requests_total{"), std::string::npos);
  EXPECT_NE(m.body().find("route=\"/api/hello\""), std::string::npos);
  EXPECT_NE(m.body().find("lianxin_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body().find("lianxin_http_connections_active 1"), std::string::npos);
  EXPECT_NE(m.body().find("lianxin_db_pool_in_use 3"), std::string::npos);
}

TEST_F(ServerTest, ReadinessFollowsTheCallback) {
  RunningServer s(opts(), router_);
  std::atomic<bool> ready{false};
  s.server().set_readiness([&ready](json::object& o) {
    o["db"] = ready ? "ok" : "migrating";
    return ready.load();
  });
  Client c(s.port());
  auto not_yet = c.get("/readyz");
  EXPECT_EQ(not_yet.result_int(), 503);
  EXPECT_EQ(body_json(not_yet).at("db"), "migrating");
  ready = true;
  EXPECT_EQ(c.get("/readyz").result_int(), 200);
}

TEST_F(ServerTest, SlowBlockingHandlerDoesNotDelayHealthz) {
  RunningServer s(opts(), router_);
  Client slow_client(s.port());
  slow_client.send(bhttp::verb::get, "/api/slow");
  ASSERT_TRUE(eventually([&] { return slow_.started.load(); }));
  Client c(s.port());
  EXPECT_EQ(c.get("/healthz").result_int(), 200);
  EXPECT_FALSE(slow_.finished.load());  // answered while the slow handler was still running
  EXPECT_EQ(slow_client.receive().result_int(), 200);
}

// Handlers run under SCHED_BATCH unless the option turns it off (set on every worker at start).
TEST_F(ServerTest, WorkersRunUnderSchedBatchUnlessTurnedOff) {
  for (bool batch : {true, false}) {
    ServerOptions o = opts();
    o.batch_workers = batch;
    RunningServer s(o, router_);
    Client c(s.port());
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(body_json(c.get("/api/policy")).at("policy").as_int64(), batch ? SCHED_BATCH : SCHED_OTHER);
  }
}

TEST_F(ServerTest, FullWorkerQueueAnswers503Overloaded) {
  ServerOptions o = opts();
  o.worker_threads = 1;
  o.max_queued_requests = 0;
  RunningServer s(o, router_);
  Client slow_client(s.port());
  slow_client.send(bhttp::verb::get, "/api/slow");
  ASSERT_TRUE(eventually([&] { return slow_.started.load(); }));
  Client c(s.port());
  auto r = c.get("/api/hello");
  EXPECT_EQ(r.result_int(), 503);
  EXPECT_EQ(error_code_of(r), "overloaded");
  EXPECT_EQ(r[bhttp::field::retry_after], "1");
  EXPECT_EQ(c.get("/healthz").result_int(), 200);  // non-blocking routes still answer
  EXPECT_EQ(slow_client.receive().result_int(), 200);
}

TEST_F(ServerTest, ConnectionsBeyondTheLimitGet503) {
  ServerOptions o = opts();
  o.max_connections = 1;
  RunningServer s(o, router_);
  Client first(s.port());
  EXPECT_EQ(first.get("/healthz").result_int(), 200);
  Client second(s.port());
  auto r = second.receive();
  EXPECT_EQ(r.result_int(), 503);
  EXPECT_TRUE(second.closed_by_server());
}

TEST_F(ServerTest, ClosedKeepAliveConnectionIsReleased) {
  RunningServer s(opts(), router_);
  {
    Client c(s.port());
    EXPECT_EQ(c.get("/api/hello").result_int(), 200);
    EXPECT_EQ(s.server().active_connections(), 1);
  }  // the client closes while the server waits for its next request
  EXPECT_TRUE(eventually([&] { return s.server().active_connections() == 0; }));
  // and the server is still fine afterwards
  Client again(s.port());
  EXPECT_EQ(again.get("/healthz").result_int(), 200);
}

TEST_F(ServerTest, StopFinishesTheInFlightRequestAndReturns) {
  RunningServer s(opts(), router_);
  Client idle(s.port());
  EXPECT_EQ(idle.get("/healthz").result_int(), 200);  // kept alive, then idle during the drain
  Client busy(s.port());
  busy.send(bhttp::verb::get, "/api/slow");
  ASSERT_TRUE(eventually([&] { return slow_.started.load(); }));
  s.server().stop();
  auto r = busy.receive();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_FALSE(r.keep_alive());  // Connection: close while draining
  EXPECT_TRUE(slow_.finished.load());
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_TRUE(s.stopped_within(5s));
}

TEST_F(ServerTest, ManyClientsOnSeveralIoThreads) {
  ServerOptions o = opts();
  o.io_threads = 3;
  RunningServer s(o, router_);
  std::vector<std::future<int>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::async(std::launch::async, [port = s.port()] {
      Client c(port);
      int ok = 0;
      for (int j = 0; j < 25; ++j) {
        const std::string msg = std::to_string(j * 1000 + 7);
        c.send(bhttp::verb::post, "/api/echo", msg);
        ok += c.receive().body() == msg;
      }
      return ok;
    }));
  }
  for (auto& f : clients) EXPECT_EQ(f.get(), 25);
  EXPECT_TRUE(eventually([&] { return s.server().active_connections() == 0; }));
}

TEST_F(ServerTest, SigtermDrainsAndReturns) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  EXPECT_EQ(c.get("/healthz").result_int(), 200);  // run() is serving, so its signal handler is in place
  ::kill(::getpid(), SIGTERM);
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_TRUE(s.stopped_within(5s));
}

TEST_F(ServerTest, StaticAppIsServedButNeverForApiPaths) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lianxin_server_static_" + std::to_string(::getpid()));
  fs::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<html>spa</html>";
  std::ofstream(dir / "assets" / "app.css") << "body{}";
  ServerOptions o = opts();
  o.static_dir = dir.string();
  {
    RunningServer s(o, router_);
    Client c(s.port());
    EXPECT_EQ(c.get("/").body(), "<html>spa</html>");
    EXPECT_EQ(c.get("/members/12").body(), "<html>spa</html>");  // client-side route
    auto css = c.get("/assets/app.css");
    EXPECT_EQ(css[bhttp::field::content_type], "text/css; charset=utf-8");
    EXPECT_EQ(css[bhttp::field::cache_control], "public, max-age=31536000, immutable");
    auto api = c.get("/api/members");
    EXPECT_EQ(api.result_int(), 404);
    EXPECT_EQ(error_code_of(api), "not_found");
    EXPECT_EQ(c.get("/api/hello").result_int(), 200);
  }
  fs::remove_all(dir);
}

// Timeouts. Each test sets the one limit under test to 1 s; a server without it would keep the
// connection open past the client's 10 s read limit (read_some_within) and the test fails.

TEST_F(ServerTest, SilentConnectionIsClosedAtTheHeaderTimeout) {
  ServerOptions o = opts();
  o.header_timeout_s = 1;
  RunningServer s(o, router_);
  Client c(s.port());
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_TRUE(eventually([&] { return s.server().active_connections() == 0; }));
}

TEST_F(ServerTest, HalfSentHeaderIsClosedAtTheHeaderTimeout) {
  ServerOptions o = opts();
  o.header_timeout_s = 1;
  RunningServer s(o, router_);
  Client c(s.port());
  asio::write(c.socket(), asio::buffer(std::string_view("GET /api/hello HTTP/1.1\r\nHost: x\r\n")));
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAtTheIdleTimeout) {
  ServerOptions o = opts();
  o.idle_timeout_s = 1;
  RunningServer s(o, router_);
  Client c(s.port());
  EXPECT_EQ(c.get("/api/hello").result_int(), 200);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, StalledBodyIsClosedAtTheBodyTimeout) {
  ServerOptions o = opts();
  o.body_timeout_s = 1;
  RunningServer s(o, router_);
  Client c(s.port());
  asio::write(c.socket(), asio::buffer(std::string_view(
                              "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b")));
  EXPECT_TRUE(c.closed_by_server());
}

// A client that stops reading a large response is let go at the write timeout: it then finds the
// connection closed before the whole body arrived.
TEST_F(ServerTest, UnreadResponseIsCutAtTheWriteTimeout) {
  ServerOptions o = opts();
  o.write_timeout_s = 1;
  RunningServer s(o, router_);
  Client c(s.port(), 64 * 1024);
  c.send(bhttp::verb::get, "/api/big");
  ASSERT_TRUE(eventually([&] { return s.server().active_connections() == 1; }));  // accepted
  const bool released = eventually([&] { return s.server().active_connections() == 0; }, 8000ms);
  size_t received = 0;
  char chunk[65536];
  beast::error_code ec;
  while (!ec) received += c.read_some_within(asio::buffer(chunk), ec);
  EXPECT_EQ(ec, asio::error::eof);
  EXPECT_TRUE(released);
  EXPECT_GT(received, 0u);
  EXPECT_LT(received, size_t{16} << 20);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  asio::write(c.socket(), asio::buffer(std::string_view(
                              "GET /api/hello?name=a HTTP/1.1\r\nHost: x\r\n\r\n"
                              "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
                              "GET /api/hello?name=c HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_EQ(body_json(c.receive()).at("name"), "a");
  EXPECT_EQ(c.receive().body(), "body");
  EXPECT_EQ(body_json(c.receive()).at("name"), "c");
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
  RunningServer s(opts(), router_);
  Client c(s.port());
  asio::write(c.socket(), asio::buffer(std::string_view(
                              "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")));
  EXPECT_EQ(c.receive().result_int(), 100);
  asio::write(c.socket(), asio::buffer(std::string_view("hello")));
  auto r = c.receive();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), "hello");
}

TEST(ServerSetup, BuiltinRoutesAreListedAndCannotBeShadowed) {
  auto builtins = builtin_routes();
  EXPECT_NE(std::find(builtins.begin(), builtins.end(), std::pair<std::string, std::string>{"GET", "/metrics"}),
            builtins.end());
  Router r;
  r.add(Route{"GET", "/healthz", "public", [](RequestContext&) { return Response::no_content(); }});
  EXPECT_THROW(Server(ServerOptions{}, r), std::logic_error);
}

}  // namespace
}  // namespace lianxin::http
