#include "hotline/live/server.hpp"

#include <fmt/format.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "hotline/live/console_assets.hpp"

namespace hotline::live {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Strand = net::strand<net::io_context::executor_type>;

bool same_secret(std::string_view a, std::string_view b) {
  // Every byte of the longer one is read whatever differs, so the time says nothing about
  // where the first difference is (only the length, which is public: 32 hex digits).
  const std::size_t n = std::max(a.size(), b.size());
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0 && n > 0;
}

std::string random_token() {
  std::random_device rd;
  std::string t;
  for (int i = 0; i < 4; ++i) t += fmt::format("{:08x}", rd());
  return t;
}

class Session;

namespace {

// The query string's parameters (no percent-decoding: tokens are hex, names are restricted).
std::map<std::string, std::string> query_of(std::string_view target) {
  std::map<std::string, std::string> q;
  const auto at = target.find('?');
  if (at == std::string_view::npos) return q;
  std::string_view rest = target.substr(at + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view kv = rest.substr(0, amp);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos)
      q[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return q;
}

constexpr std::string_view kConsolePage = "/console/index.html";

bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 32) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

// One exercise and the connections watching it; everything here runs on `strand`.
class Host : public std::enable_shared_from_this<Host> {
 public:
  Host(net::io_context& ioc, int id, const scenario::Scenario& s, ExerciseOptions o,
       std::chrono::milliseconds tick)
      : strand(net::make_strand(ioc)),
        exercise(id, s, std::move(o)),
        trainee_token(random_token()),
        timer_(strand),
        tick_(tick) {}

  void start_ticking() {
    net::dispatch(strand, [self = shared_from_this()] {
      self->next_ = std::chrono::steady_clock::now();
      self->schedule();
    });
  }
  void join(std::shared_ptr<Session> s);
  void leave(const Session* s);
  void message(std::shared_ptr<Session> s, std::string text);
  void end_now() {
    exercise.end_now();
    flush();
    timer_.cancel();
  }

  // The latest review's files, for GET /review.html and /review.json on other strands.
  std::shared_ptr<const ReviewFiles> review() const {
    std::lock_guard lock(review_mutex_);
    return review_;
  }

  Strand strand;
  std::atomic<bool> ended{false};  // written on the strand, read by Server::all_ended
  Exercise exercise;
  const std::string trainee_token;

 private:
  void schedule() {
    // Absolute deadlines: the period does not stretch by the time a tick took.
    next_ += tick_;
    const auto now = std::chrono::steady_clock::now();
    if (next_ < now) next_ = now;
    timer_.expires_at(next_);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->exercise.tick(std::chrono::steady_clock::now());
      self->flush();
      if (self->exercise.state() != ExerciseState::ended) self->schedule();
    });
  }
  void flush();

  mutable std::mutex review_mutex_;
  std::shared_ptr<const ReviewFiles> review_;
  net::steady_timer timer_;
  std::chrono::milliseconds tick_;
  std::chrono::steady_clock::time_point next_{};
  std::vector<std::weak_ptr<Session>> sessions_;
};

class Server::Impl {
 public:
  Impl(const scenario::Scenario& s, ServerOptions o) : scenario(s), options(std::move(o)) {
    if (options.trainer_token.empty()) options.trainer_token = random_token();
  }
  ~Impl() {
    // Connections still in handlers hold exercises; drop ours first.
    std::lock_guard lock(mutex);
    hosts.clear();
  }

  std::shared_ptr<Host> find(int id) {
    std::lock_guard lock(mutex);
    const auto it = hosts.find(id);
    return it == hosts.end() ? nullptr : it->second;
  }
  ExerciseInfo create(std::uint64_t seed, double speed) {
    std::lock_guard lock(mutex);
    const int id = next_id++;
    ExerciseOptions o = options.exercise;
    o.seed = seed;
    o.speed = speed;
    if (!options.out_root.empty()) {
      // A folder an earlier server's exercise N published is kept: this one takes N-2, N-3...
      const std::string base = options.out_root + "/exercise-" + std::to_string(id);
      o.out_dir = base;
      std::error_code ec;
      for (int k = 2; std::filesystem::exists(o.out_dir + "/exercise-log.json", ec); ++k)
        o.out_dir = base + "-" + std::to_string(k);
    }
    auto host = std::make_shared<Host>(ioc, id, scenario, o, options.tick);
    hosts[id] = host;
    if (started) host->start_ticking();
    return {id, host->trainee_token, o.out_dir};
  }
  bool host_allowed(std::string_view host) const {
    return allowed_hosts.count(std::string(host)) > 0;
  }
  void accept();

  const scenario::Scenario& scenario;
  ServerOptions options;
  std::atomic<int> connections{0};
  std::atomic<bool> stopped{false};
  bool started = false;
  unsigned short port = 0;
  std::set<std::string> allowed_hosts;
  net::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::map<int, std::shared_ptr<Host>> hosts;
  int next_id = 1;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // The server outlives every connection: connections live only in the io_context's
  // handlers (destroyed with it, inside the server) and as weak references in exercises.
  Session(tcp::socket&& socket, Server::Impl* server)
      : stream_(std::move(socket)), server_(server) {
    ++server_->connections;
  }
  ~Session() { --server_->connections; }

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }
  // Thread-safe: queues a message for this client (posted to the connection's strand).
  void send(std::shared_ptr<const std::string> text) {
    if (!ws_) return;
    net::post(ws_->get_executor(),
              [self = shared_from_this(), t = std::move(text)] { self->enqueue(t); });
  }
  // Thread-safe: closes the connection with a reason (a policy refusal).
  void refuse(std::string reason) {
    if (!ws_) return;
    net::post(ws_->get_executor(), [self = shared_from_this(), r = std::move(reason)] {
      if (self->closing_) return;
      self->closing_ = true;
      self->ws_->async_close(websocket::close_reason(websocket::close_code::policy_error, r),
                             [self](beast::error_code) {});
    });
  }

  Participant who;

 private:
  void read_request() {
    parser_.emplace();
    parser_->header_limit(8 * 1024);
    parser_->body_limit(server_->options.max_message);
    stream_.expires_after(server_->options.handshake_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->on_request();
                     });
  }

  static constexpr std::string_view kConsoleCsp =
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
      "base-uri 'none'; form-action 'none'";
  // The review page is self-contained: its own inline styles and SVG, nothing else.
  static constexpr std::string_view kReviewCsp =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
      "base-uri 'none'; form-action 'none'";

  void respond(http::status status, std::string body,
               std::string_view type = "text/plain; charset=utf-8",
               std::string_view csp = kConsoleCsp) {
    auto res = std::make_shared<http::response<http::string_body>>(status, req_.version());
    res->set(http::field::server, "hotline-sim");
    res->set(http::field::content_type, type);
    res->set(http::field::cache_control, "no-store");
    // The console's pages: nothing but this server's own scripts and sockets (no CDN, no
    // network), never framed, and the token in the URL never sent on as a referrer.
    res->set("Content-Security-Policy", csp);
    res->set("X-Content-Type-Options", "nosniff");
    res->set("Referrer-Policy", "no-referrer");
    res->keep_alive(false);
    if (type.starts_with("text/plain")) body += "\n";
    res->body() = std::move(body);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code, std::size_t) {
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                      });
  }

  void on_request() {
    req_ = parser_->release();
    const std::string host(req_[http::field::host]);
    if (!server_->host_allowed(host))
      return respond(http::status::forbidden,
                     "Host header '" + host + "' is not this server's address");
    if (const auto origin = req_[http::field::origin];
        !origin.empty() &&
        (!origin.starts_with("http://") || !server_->host_allowed(origin.substr(7))))
      return respond(http::status::forbidden,
                     "Origin '" + std::string(origin) + "' may not use this server");
    const std::string_view target = req_.target();
    const auto q = query_of(target);
    const std::string path(target.substr(0, target.find('?')));
    // The console's scripts and styles are the same for everybody and hold no data: served
    // without a token (the page that uses them, and every socket, needs one).
    if (path.starts_with("/console/") && path != "/console/" && !websocket::is_upgrade(req_)) {
      if (req_.method() != http::verb::get)
        return respond(http::status::method_not_allowed, "the console's files are read with GET");
      const ConsoleAsset* asset = find_console_asset(path);
      if (!asset || path == kConsolePage)
        return respond(http::status::not_found, "no such file of the console: " + path);
      return respond(http::status::ok, std::string(asset->body), asset->content_type);
    }
    const auto token = q.count("token") ? q.at("token") : std::string();
    int exercise = 1;
    if (q.count("exercise")) {
      try {
        exercise = std::stoi(q.at("exercise"));
      } catch (const std::exception&) {
        return respond(http::status::bad_request, "exercise= must be an exercise number");
      }
    }
    std::shared_ptr<Host> host_ex = server_->find(exercise);
    if (same_secret(token, server_->options.trainer_token)) {
      who = {Role::trainer, "trainer"};
    } else if (host_ex && same_secret(token, host_ex->trainee_token)) {
      who = {Role::trainee, q.count("name") ? q.at("name") : std::string()};
      if (who.name.empty()) who.name = "trainee-" + random_token().substr(0, 6);
      if (!valid_name(who.name))
        return respond(http::status::bad_request,
                       "name= must be 1 to 32 letters, digits, '-' or '_'");
    } else {
      return respond(
          http::status::forbidden,
          "missing or wrong token for this exercise (use the URL `hotline-sim serve` printed)");
    }
    if (!websocket::is_upgrade(req_)) {
      if (req_.method() != http::verb::get)
        return respond(http::status::method_not_allowed, "pages are read with GET");
      if (path == "/review.html" || path == "/review.json") {
        // The review shows hidden attributes (what the standard rules would have done with
        // each alert's time to loss): the trainer's only.
        if (who.role != Role::trainer)
          return respond(http::status::forbidden, "the review is the trainer's (trainer token)");
        if (!host_ex)
          return respond(http::status::not_found, "no exercise " + std::to_string(exercise));
        const auto review = host_ex->review();
        if (!review)
          return respond(http::status::not_found,
                         "no review of exercise " + std::to_string(exercise) +
                             " yet: the trainer's console builds one (the Review button, or "
                             "{\"type\":\"review\"} over the socket)");
        if (path == "/review.json")
          return respond(http::status::ok, review->json, "application/json");
        return respond(http::status::ok, review->html, "text/html; charset=utf-8", kReviewCsp);
      }
      if (path != "/" && path != "/console" && path != "/console/")
        return respond(http::status::not_found,
                       "no such page: the console is / and the WebSocket is /ws");
      if (!host_ex)
        return respond(http::status::not_found, "no exercise " + std::to_string(exercise));
      // The console: one page for trainer and trainees (the socket's hello says which).
      const ConsoleAsset* page = find_console_asset(kConsolePage);
      if (!page) return respond(http::status::internal_server_error, "console not embedded");
      return respond(http::status::ok, std::string(page->body), page->content_type);
    }
    if (path != "/ws") return respond(http::status::not_found, "the WebSocket is /ws");
    if (!host_ex)
      return respond(http::status::not_found, "no exercise " + std::to_string(exercise));
    host_ = host_ex;
    ws_.emplace(std::move(stream_));
    beast::get_lowest_layer(*ws_).expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = server_->options.handshake_timeout;
    t.idle_timeout = server_->options.idle_timeout;
    t.keep_alive_pings = true;
    ws_->set_option(t);
    ws_->read_message_max(server_->options.max_message);
    ws_->async_accept(req_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->host_->join(self);
      self->read();
    });
  }

  void read() {
    ws_->async_read(rbuf_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->closing_ = true;
        self->host_->leave(self.get());
        return;
      }
      std::string text = beast::buffers_to_string(self->rbuf_.data());
      self->rbuf_.consume(self->rbuf_.size());
      self->on_message(std::move(text));
      // Back-pressure: at most kInFlight messages of one client wait for its exercise, so
      // a flood from one client cannot crowd the others' messages out of the strand.
      if (self->in_flight_ < kInFlight) {
        self->read();
      } else {
        self->read_paused_ = true;
      }
    });
  }

 public:
  // Thread-safe: the exercise has handled one of this client's messages.
  void handled() {
    net::post(stream_executor(), [self = shared_from_this()] {
      --self->in_flight_;
      if (self->read_paused_ && !self->closing_) {
        self->read_paused_ = false;
        self->read();
      }
    });
  }

 private:
  static constexpr int kInFlight = 8;
  net::any_io_executor stream_executor() { return ws_->get_executor(); }

  void on_message(std::string text) {
    if (who.role == Role::trainer && text.find("\"create\"") != std::string::npos) {
      const auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_object() && j.value("type", "") == "create") {
        nlohmann::ordered_json r = {{"v", kProtocolVersion}, {"type", "created"}};
        if (j.contains("id")) r["id"] = j["id"];
        const double speed = j.value("speed", server_->options.exercise.speed);
        if (!(speed >= PacedRunner::kMinSpeed && speed <= PacedRunner::kMaxSpeed)) {
          r["type"] = "error";
          r["code"] = "bad_field";
          r["message"] = "\"speed\" must be 0.1 to 3600";
        } else {
          try {
            const ExerciseInfo info =
                server_->create(j.value("seed", server_->options.exercise.seed), speed);
            r["exercise"] = info.id;
            r["trainee_token"] = info.trainee_token;
            r["trainee_url"] =
                fmt::format("ws://{}:{}/ws?exercise={}&token={}", server_->options.address,
                            server_->port, info.id, info.trainee_token);
          } catch (const std::exception& e) {
            r["type"] = "error";
            r["code"] = "environment";
            r["message"] = e.what();
          }
        }
        enqueue(std::make_shared<const std::string>(r.dump()));
        return;
      }
    }
    ++in_flight_;
    host_->message(shared_from_this(), std::move(text));
  }

  void enqueue(std::shared_ptr<const std::string> text) {
    if (closing_) return;
    if (queue_.size() >= server_->options.send_queue_limit) {
      // It does not read: drop it rather than hold memory for it (others are unaffected).
      closing_ = true;
      queue_.clear();
      beast::error_code ignored;
      beast::get_lowest_layer(*ws_).socket().close(ignored);
      return;
    }
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) write();
  }
  void write() {
    ws_->text(true);
    ws_->async_write(net::buffer(*queue_.front()),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) {
                         self->closing_ = true;
                         self->queue_.clear();
                         return;
                       }
                       self->queue_.pop_front();
                       if (!self->queue_.empty()) self->write();
                     });
  }

  beast::tcp_stream stream_;
  Server::Impl* server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> req_;
  std::optional<websocket::stream<beast::tcp_stream>> ws_;
  beast::flat_buffer rbuf_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool closing_ = false;
  int in_flight_ = 0;  // messages posted to the exercise, not yet handled
  bool read_paused_ = false;
  std::shared_ptr<Host> host_;
};

void Host::join(std::shared_ptr<Session> s) {
  net::post(strand, [self = shared_from_this(), s] {
    if (s->who.role == Role::trainee)
      for (const auto& w : self->sessions_)
        if (auto other = w.lock();
            other && other->who.role == Role::trainee && other->who.name == s->who.name) {
          s->refuse("trainee name " + s->who.name + " is already connected");
          return;
        }
    self->sessions_.push_back(s);
    for (auto& text : self->exercise.join(s->who))
      s->send(std::make_shared<const std::string>(std::move(text)));
  });
}

void Host::leave(const Session* s) {
  net::post(strand, [self = shared_from_this(), s] {
    std::erase_if(self->sessions_, [s](const std::weak_ptr<Session>& w) {
      const auto p = w.lock();
      return !p || p.get() == s;
    });
  });
}

void Host::message(std::shared_ptr<Session> s, std::string text) {
  net::post(strand, [self = shared_from_this(), s, t = std::move(text)] {
    for (auto& r : self->exercise.handle(s->who, t, std::chrono::steady_clock::now()))
      s->send(std::make_shared<const std::string>(std::move(r)));
    if (auto r = self->exercise.latest_review(); r != self->review()) {
      std::lock_guard lock(self->review_mutex_);
      self->review_ = std::move(r);
    }
    self->flush();
    s->handled();
  });
}

void Host::flush() {
  ended = exercise.state() == ExerciseState::ended;
  auto out = exercise.take_outbox();
  if (out.empty()) return;
  std::erase_if(sessions_, [](const std::weak_ptr<Session>& w) { return w.expired(); });
  for (const auto& w : sessions_) {
    const auto s = w.lock();
    if (!s) continue;
    for (const Outgoing& o : out) {
      const bool to_it = o.to == Outgoing::To::everyone ||
                         (o.to == Outgoing::To::trainer && s->who.role == Role::trainer) ||
                         (o.to == Outgoing::To::trainee && s->who.role == Role::trainee &&
                          s->who.name == o.trainee);
      if (to_it) s->send(o.text);
    }
  }
}

void Server::Impl::accept() {
  // `this`, not a shared pointer: a handler holding the server would keep it (and its
  // io_context, which holds the handler) alive forever.
  acceptor->async_accept(
      net::make_strand(ioc), [self = this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
          if (ec == net::error::operation_aborted || self->stopped) return;
        } else if (self->connections.load() >= self->options.max_connections) {
          beast::error_code ignored;
          socket.close(ignored);  // over the limit: refused at once, the others unaffected
        } else {
          std::make_shared<Session>(std::move(socket), self)->run();
        }
        if (!self->stopped) self->accept();
      });
}

Server::Server(const scenario::Scenario& scenario, ServerOptions options)
    : impl_(std::make_shared<Impl>(scenario, std::move(options))) {}

Server::~Server() {
  stop();
}

void Server::start() {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.address, ec);
  if (ec) throw ServerError("--listen: '" + impl_->options.address + "' is not an IP address");
  tcp::endpoint ep(address, impl_->options.port);
  auto& a = impl_->acceptor.emplace(impl_->ioc);
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw ServerError(fmt::format("cannot listen on {}:{}: {}", impl_->options.address,
                                  impl_->options.port, ec.message()));
  impl_->port = a.local_endpoint().port();
  const std::string p = std::to_string(impl_->port);
  impl_->allowed_hosts.insert(impl_->options.address + ":" + p);
  if (address.is_loopback()) {
    impl_->allowed_hosts.insert("localhost:" + p);
    impl_->allowed_hosts.insert("127.0.0.1:" + p);
  }
  {
    std::lock_guard lock(impl_->mutex);
    impl_->started = true;
    for (auto& [id, h] : impl_->hosts) h->start_ticking();
  }
  impl_->accept();
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i)
    impl_->threads.emplace_back([impl = impl_.get()] { impl->ioc.run(); });
}

void Server::stop() {
  if (impl_->stopped.exchange(true)) return;
  std::vector<std::shared_ptr<Host>> hosts;
  {
    std::lock_guard lock(impl_->mutex);
    for (auto& [id, h] : impl_->hosts) hosts.push_back(h);
  }
  for (auto& h : hosts) {
    if (impl_->threads.empty()) {
      h->end_now();
      continue;
    }
    std::promise<void> done;
    net::post(h->strand, [&] {
      h->end_now();
      done.set_value();
    });
    done.get_future().wait();
  }
  // Give the `ended` messages a moment to reach the clients before the sockets close.
  std::this_thread::sleep_for(std::chrono::milliseconds(hosts.empty() ? 0 : 100));
  net::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ignored;
    if (impl->acceptor) impl->acceptor->close(ignored);
  });
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

unsigned short Server::port() const {
  return impl_->port;
}
const std::string& Server::trainer_token() const {
  return impl_->options.trainer_token;
}
ExerciseInfo Server::create_exercise(std::uint64_t seed, double speed) {
  return impl_->create(seed, speed);
}
std::string Server::trainer_url(int exercise) const {
  return fmt::format("ws://{}:{}/ws?exercise={}&token={}", impl_->options.address, impl_->port,
                     exercise, impl_->options.trainer_token);
}
std::string Server::trainee_url(const ExerciseInfo& info) const {
  return fmt::format("ws://{}:{}/ws?exercise={}&token={}", impl_->options.address, impl_->port,
                     info.id, info.trainee_token);
}
std::string Server::trainer_page_url(int exercise) const {
  return fmt::format("http://{}:{}/?exercise={}&token={}", impl_->options.address, impl_->port,
                     exercise, impl_->options.trainer_token);
}
std::string Server::trainee_page_url(const ExerciseInfo& info) const {
  return fmt::format("http://{}:{}/?exercise={}&token={}", impl_->options.address, impl_->port,
                     info.id, info.trainee_token);
}
bool Server::all_ended() const {
  std::lock_guard lock(impl_->mutex);
  for (const auto& [id, h] : impl_->hosts)
    if (!h->ended) return false;
  return true;
}
int Server::connections() const {
  return impl_->connections.load();
}

}  // namespace hotline::live
