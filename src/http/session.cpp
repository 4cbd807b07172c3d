// One client connection: read a request, answer it, repeat while keep-alive holds.
//
// Every read or write error, EOF and timeout ends the loop: the Boost 1.81 awaitable example
// keeps reading a closed keep-alive connection and spins, which this loop must never do.
// The socket is a plain Asio socket fed to Beast's parser: each phase (header, body, write, idle)
// sets the connection's deadline, and the core's sweeper cancels whatever is pending past it.
// beast::tcp_stream armed and cancelled a timer on every read and write instead (about 15,000
// instructions and a timerfd update per request).
// Coroutines here are free or member functions with explicit parameters (GCC 12 miscompiles some
// capturing lambda coroutines).
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "http/dispatch.hpp"
#include "http/response_head.hpp"
#include "http/server_core.hpp"
#include "http/target.hpp"

namespace lianxin::http::detail {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using BeastRequest = bhttp::request<bhttp::string_body>;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

Request to_request(BeastRequest&& br) {
  Request r;
  r.method = std::string(br.method_string());
  r.target = std::string(br.target());
  for (const auto& f : br) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [it, inserted] = r.headers.try_emplace(name, std::string(f.value()));
    if (!inserted) it->second += ", " + std::string(f.value());  // repeated header: one list
  }
  r.body = std::move(br.body());
  return r;
}

// A file body in pieces of this size: memory per download stays constant whatever the file's size.
constexpr size_t kFileChunk = 64 * 1024;
// Bytes asked of the socket per read: a request header fits; a body arrives in pieces of this.
constexpr size_t kReadChunk = 8 * 1024;

std::string request_id_of(const BeastRequest::header_type& h) {
  auto it = h.find("X-Request-Id");
  if (it != h.end() && is_valid_request_id(it->value())) return std::string(it->value());
  return new_request_id();
}

// A read error worth an answer before closing; nullopt for EOF, resets and timeouts.
std::optional<ApiError> answer_for(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return ApiError(431, "header_too_large", "请求头过大");
  if (ec == bhttp::error::body_limit) return ApiError(413, "payload_too_large", "请求体过大");
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
    return ApiError(400, "bad_request", "请求格式错误");
  }
  return std::nullopt;
}

// Runs a handler on the worker pool and resumes the waiting coroutine with its response on the
// coroutine's own executor: one post each way (co_spawn built a coroutine thread per request).
// The work guard keeps the io_context running until the response is back, also while draining.
template <class Token>
auto async_on_pool(asio::thread_pool& pool, const Route& route, RequestContext& ctx, Authorizer* auth, Token&& token) {
  return asio::async_initiate<Token, void(Response)>(
      [](auto handler, asio::thread_pool* pool, const Route* route, RequestContext* ctx, Authorizer* auth) {
        auto home = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
        asio::post(*pool, [handler = std::move(handler), home = std::move(home), route, ctx, auth]() mutable {
          Response r = call_handler(*route, *ctx, auth);
          asio::post(home, [handler = std::move(handler), r = std::move(r)]() mutable { std::move(handler)(std::move(r)); });
        });
      },
      token, &pool, &route, &ctx, auth);
}

struct CountGuard {
  explicit CountGuard(std::atomic<int>& c) : c(c) {}
  ~CountGuard() { c.fetch_sub(1); }
  std::atomic<int>& c;
};

}  // namespace

class Session {
public:
  Session(Core& core, tcp::socket socket) : core_(core), socket_(std::move(socket)) {
    beast::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    addr_ = ec ? std::string("-") : ep.address().to_string();
    handle_ = std::make_shared<SessionHandle>();
    handle_->executor = socket_.get_executor();
    handle_->socket = &socket_;
    core_.register_session(handle_);
  }
  ~Session() {
    handle_->socket = nullptr;
    core_.unregister_session(handle_);
  }

  // GCC 12 miscompiles co_await inside a loop condition or `if (!co_await ...)` (the binary hit an
  // illegal instruction), so every co_await in this file is a plain statement or initializer.
  asio::awaitable<void> run() {
    for (;;) {
      const bool has_request = co_await wait_for_request();
      if (!has_request) break;
      const bool keep_alive = co_await serve_one();
      if (!keep_alive) break;
    }
    co_await close();
  }

  // Over max_connections: a 503 and close, without reading the request.
  asio::awaitable<void> refuse_overloaded() {
    co_await send(overloaded_response(), new_request_id(), {11, false, false});
    linger_ = true;
    co_await close();
  }

private:
  // The connection's deadline for what it waits on now (see SessionHandle::deadline).
  void arm(int seconds) { handle_->deadline.store(deadline_after(std::chrono::seconds(seconds))); }
  void disarm() { handle_->deadline.store(kNoDeadline); }

  // Waits for the first byte of the next request (idle keep-alive time, or the header timeout on a
  // fresh connection). Only here may shutdown close the connection under us.
  asio::awaitable<bool> wait_for_request() {
    if (buffer_.size() > 0) co_return true;  // a pipelined request is already here
    if (core_.draining) co_return false;
    arm(first_ ? core_.opts.header_timeout_s : core_.opts.idle_timeout_s);
    first_ = false;
    handle_->idle = true;
    auto [ec, n] = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), use_tuple);
    handle_->idle = false;
    if (ec) co_return false;
    buffer_.commit(n);
    co_return true;
  }

  using Parser = bhttp::request_parser<bhttp::string_body>;
  struct ReadResult {
    bool ok = false;
    std::optional<ApiError> answer;  // when !ok: what to tell the client before closing, if anything
    Clock::time_point started;
  };

  // One request and its response; false when the connection must close.
  asio::awaitable<bool> serve_one() {
    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(core_.opts.max_header_bytes));
    parser.body_limit(core_.opts.max_body_bytes);
    ReadResult got = co_await read_request(parser);
    if (!got.ok) {
      if (got.answer) co_await refuse(*got.answer, parser.get(), got.started);
      co_return false;
    }
    disarm();  // the handler may take long; the write sets its own limit
    const bool keep_alive = co_await answer(parser.release(), got.started);
    co_return keep_alive;
  }

  // Header (with its own timeout and size limit), then the body (with its own).
  asio::awaitable<ReadResult> read_request(Parser& parser) {
    ReadResult r;
    arm(core_.opts.header_timeout_s);
    const beast::error_code ec = co_await parse(parser, false);
    r.started = Clock::now();
    if (ec) {
      r.answer = answer_for(ec);
      co_return r;
    }
    if (parser.get().target().size() > core_.opts.max_url_bytes) {
      r.answer = ApiError(414, "uri_too_long", "请求地址过长");
      co_return r;
    }
    if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      arm(core_.opts.write_timeout_s);
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      auto [wec, wn] = co_await asio::async_write(socket_, asio::buffer(kContinue), use_tuple);
      if (wec) co_return r;
    }
    arm(core_.opts.body_timeout_s);
    parser.eager(true);
    const beast::error_code bec = co_await parse(parser, true);
    if (bec) {
      r.answer = answer_for(bec);
      co_return r;
    }
    r.ok = true;
    co_return r;
  }

  // Feeds the parser from the buffer, reading more while it needs more, until the header (or the
  // whole message) is parsed. The errors are Beast's own (end_of_stream, partial_message, limits).
  asio::awaitable<beast::error_code> parse(Parser& parser, bool whole_message) {
    const auto done = [&] { return whole_message ? parser.is_done() : parser.is_header_done(); };
    while (!done()) {
      if (buffer_.size() > 0) {
        beast::error_code ec;
        const size_t used = parser.put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec != bhttp::error::need_more) {
          if (ec) co_return ec;
          continue;  // progress: the rest of the buffer may hold more of the message
        }
      }
      auto [ec, n] = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), use_tuple);
      if (ec == asio::error::eof) {
        if (!parser.got_some()) co_return bhttp::error::end_of_stream;
        beast::error_code eof_ec;
        parser.put_eof(eof_ec);
        co_return eof_ec ? eof_ec : beast::error_code(bhttp::error::partial_message);
      }
      if (ec) co_return ec;
      buffer_.commit(n);
    }
    co_return beast::error_code();
  }

  asio::awaitable<bool> answer(BeastRequest breq, Clock::time_point started) {
    const std::string rid = request_id_of(breq.base());
    const unsigned version = breq.version();
    const bool client_keep_alive = breq.keep_alive();
    Request req = to_request(std::move(breq));
    core_.inflight.fetch_add(1);
    CountGuard inflight(core_.inflight);
    Response resp;
    const Plan plan = plan_request(core_.router, req, core_.statics.get(), resp);
    if (plan.route) co_await run_route(*plan.route, req, rid, resp);
    const bool keep_alive = client_keep_alive && !core_.draining;
    const Written w{rid, req.method, req.target, plan.route_label, started};
    const bool ok = co_await write(std::move(resp), w, version, keep_alive, req.method == "HEAD");
    co_return ok && keep_alive;
  }

  // Blocking handlers go to the worker pool, unless it is already this full: then 503 at once.
  // The response goes into `out`, not a temporary in answer()'s frame (see plan_request).
  asio::awaitable<void> run_route(const Route& route, const Request& req, const std::string& rid, Response& out) {
    RequestContext ctx = make_context(req, route, rid, addr_);
    Authorizer* auth = core_.opts.authorizer.get();
    if (!route.blocking) {
      out = call_handler(route, ctx, auth);
      co_return;
    }
    const int limit = core_.opts.max_queued_requests + core_.opts.worker_threads;
    CountGuard pending(core_.blocking_pending);
    if (core_.blocking_pending.fetch_add(1) >= limit) {
      out = overloaded_response();
      co_return;
    }
    out = co_await async_on_pool(core_.pool, route, ctx, auth, asio::use_awaitable);
  }

  // A request we answer with an error and then close (its input cannot be trusted to be in sync).
  asio::awaitable<void> refuse(ApiError error, const BeastRequest::header_type& h, Clock::time_point started) {
    const std::string rid = request_id_of(h), method(h.method_string()), target(h.target()), label = "unmatched";
    const Written w{rid, method, target, label, started};
    linger_ = true;  // the client may still be sending what we refused to read
    co_await write(error_response(error), w, h.version(), false, false);
  }

  struct Written {
    const std::string& request_id;
    const std::string& method;
    const std::string& target;
    std::string_view route_label;
    Clock::time_point started;
  };

  asio::awaitable<bool> write(Response resp, Written w, unsigned version, bool keep_alive, bool head) {
    const int status = resp.status;
    const size_t bytes = head ? 0 : resp.body_size();
    const beast::error_code ec = co_await send(resp, w.request_id, {version, keep_alive, head});
    log_access(w, status, bytes);
    co_return !ec;
  }

  // Head and body in one gathered write, or the head and then the file.
  asio::awaitable<beast::error_code> send(const Response& r, const std::string& request_id, HeadOptions o) {
    arm(core_.opts.write_timeout_s);
    const std::string head = response_head(r, request_id, o);
    if (r.file && !o.head) {
      auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(head), use_tuple);
      if (ec) co_return ec;
      const beast::error_code fec = co_await send_file(r.file->path());
      co_return fec;
    }
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                                    asio::buffer(o.head ? std::string_view() : r.body)};
    auto [ec, n] = co_await asio::async_write(socket_, buffers, use_tuple);
    co_return ec;
  }

  // Streams a response's file after its head. Reads of the file block this thread briefly: it was
  // written moments ago and sits in the page cache.
  // The write timeout holds per piece, so a large download over a slow link is not cut off.
  asio::awaitable<beast::error_code> send_file(const std::string& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!f) co_return beast::error_code(errno, boost::system::generic_category());
    std::vector<char> chunk(kFileChunk);
    for (;;) {
      const size_t n = std::fread(chunk.data(), 1, chunk.size(), f.get());
      if (n == 0) co_return beast::error_code();
      arm(core_.opts.write_timeout_s);
      auto [ec, written] = co_await asio::async_write(socket_, asio::buffer(chunk.data(), n), use_tuple);
      if (ec) co_return ec;
    }
  }

  // After a refused request, close so that the client still reads our last response: stop
  // sending, then discard what it is still sending for a moment. Closing with unread input would
  // send a RST that can destroy the response in the client's buffer (typical after a 413).
  asio::awaitable<void> close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (linger_) {
      arm(2);
      char sink[4096];
      for (size_t total = 0; total < 1024 * 1024;) {
        auto [rec, n] = co_await socket_.async_read_some(asio::buffer(sink), use_tuple);
        if (rec) break;
        total += n;
      }
    }
    disarm();
    socket_.close(ec);
  }

  // One line per request. The path only: a query string may carry personal data.
  void log_access(const Written& w, int status, size_t bytes) {
    const double secs = std::chrono::duration<double>(Clock::now() - w.started).count();
    core_.metrics.observe(w.method.empty() ? "-" : w.method, w.route_label, status, secs);
    std::string_view path = std::string_view(w.target).substr(0, w.target.find('?'));
    spdlog::info("{} {} {} {} {} {} {:.1f}ms", w.request_id, addr_, w.method.empty() ? "-" : w.method,
                 path.empty() ? "-" : path, status, bytes, secs * 1000.0);
  }

  Core& core_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::string addr_;
  std::shared_ptr<SessionHandle> handle_;
  bool first_ = true;
  bool linger_ = false;
};

asio::awaitable<void> serve_connection(Core& core, tcp::socket socket) {
  CountGuard count(core.connections);  // incremented by the acceptor
  Session session(core, std::move(socket));
  co_await session.run();
}

asio::awaitable<void> refuse_connection(Core& core, tcp::socket socket) {
  Session session(core, std::move(socket));
  co_await session.refuse_overloaded();
}

}  // namespace lianxin::http::detail
