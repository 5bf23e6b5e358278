// The server on loopback: round trips, tokens, Host and Origin, size limits, slow and idle
// clients, a client that never reads, a burst of connections. Every loop is bounded in count
// and time; each test starts its own server on a free port and stops it.
#include <doctest/doctest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <thread>

#include "hotline/live/server.hpp"
#include "hotline/live/ws_client.hpp"
#include "live_test_support.hpp"

using namespace hotline;
using namespace std::chrono_literals;
using live_test::parse;
namespace net = boost::asio;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

namespace {

struct TestServer {
  explicit TestServer(live::ServerOptions o = opts()) : server(live_test::xizang(), o) {
    server.start();
    first = server.create_exercise(7, 600);
  }
  static live::ServerOptions opts() {
    live::ServerOptions o;
    o.port = 0;
    o.handshake_timeout = 1000ms;
    o.idle_timeout = 2000ms;
    return o;
  }
  std::string trainer() const { return server.trainer_url(first.id); }
  std::string trainee(const std::string& name) const {
    return server.trainee_url(first) + "&name=" + name;
  }
  live::Server server;
  live::ExerciseInfo first;
};

// Receives until a message of `type` (or the timeout); every text received goes to `seen`.
std::optional<nlohmann::json> wait_for(live::WsClient& c, const std::string& type,
                                       std::vector<std::string>* seen = nullptr,
                                       std::chrono::milliseconds timeout = 5000ms) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    const auto t = c.receive(50ms);
    if (!t) continue;
    if (seen) seen->push_back(*t);
    auto j = parse(*t);
    if (j["type"] == type) return j;
  }
  return std::nullopt;
}

int http_status_of(const std::string& url, live::ClientOptions o = {}) {
  try {
    live::WsClient c(url, o);
  } catch (const live::ClientError& e) {
    return e.http_status();
  }
  return 101;
}

// Polls `done` every 10 ms for at most `limit`.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = 5000ms) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

}  // namespace

TEST_CASE("a client gets hello and a snapshot on join, and again when it reconnects late") {
  TestServer s;
  {
    live::WsClient t(s.trainer());
    CHECK(wait_for(t, "hello").value()["role"] == "trainer");
    CHECK(wait_for(t, "snapshot").value()["state"] == "created");
    t.send(R"({"type":"control","action":"start","id":1})");
    CHECK(wait_for(t, "control").value()["id"] == 1);
    t.send(R"({"type":"ping","id":"p"})");
    CHECK(wait_for(t, "pong").value()["id"] == "p");
  }
  live::WsClient again(s.trainer());
  const auto snap = wait_for(again, "snapshot");
  REQUIRE(snap);
  CHECK((*snap)["state"] == "running");
  CHECK(wait_for(again, "clock").has_value());  // and the deltas continue
}

TEST_CASE("tokens, Host and Origin are checked on every request and socket") {
  TestServer s;
  const std::string base = "ws://127.0.0.1:" + std::to_string(s.server.port()) + "/ws?exercise=1";
  CHECK(http_status_of(base) == 403);                                              // no token
  CHECK(http_status_of(base + "&token=0123456789abcdef0123456789abcdef") == 403);  // wrong
  CHECK(http_status_of(s.trainer()) == 101);
  live::ClientOptions evil;
  evil.origin = "http://evil.example";
  CHECK(http_status_of(s.trainer(), evil) == 403);
  live::ClientOptions same;
  same.origin = "http://127.0.0.1:" + std::to_string(s.server.port());
  CHECK(http_status_of(s.trainer(), same) == 101);
  live::ClientOptions rebinding;
  rebinding.host_override = "attacker.example:" + std::to_string(s.server.port());
  CHECK(http_status_of(s.trainer(), rebinding) == 403);
  // A trainee's token does not open another exercise.
  const auto second = s.server.create_exercise(8, 60);
  std::string other = s.server.trainee_url(s.first);
  other.replace(other.find("exercise=1"), 10, "exercise=" + std::to_string(second.id));
  CHECK(http_status_of(other) == 403);
  CHECK(http_status_of(s.server.trainee_url(second)) == 101);
  CHECK(live::same_secret("abc", "abc"));
  CHECK_FALSE(live::same_secret("abc", "abd"));
  CHECK_FALSE(live::same_secret("abc", "abcd"));
  CHECK_FALSE(live::same_secret("", ""));
}

TEST_CASE(
    "every message type from every role: trainees get refusals and never a hidden attribute") {
  TestServer s;
  live::WsClient trainer(s.trainer());
  live::WsClient ann(s.trainee("ann"));
  live::WsClient bob(s.trainee("bob"));
  std::vector<std::string> ann_seen, bob_seen;
  wait_for(trainer, "snapshot");
  wait_for(ann, "snapshot", &ann_seen);
  wait_for(bob, "snapshot", &bob_seen);
  ann.send(R"({"type":"take_desk","desk":"96110"})");
  REQUIRE(wait_for(ann, "desk", &ann_seen));
  trainer.send(
      R"({"type":"inject","kind":"alert","fraud_type":"loan","unit":"lhasa-chengguan/c1","grade":1,"amount":80000,"time_to_loss_s":900})");
  trainer.send(R"({"type":"control","action":"start"})");
  const auto alert = wait_for(ann, "alert", &ann_seen);
  REQUIRE(alert);
  const auto id = (*alert)["alert"]["id"];
  const std::vector<std::string> all = {
      R"({"type":"ping"})",
      R"({"type":"snapshot"})",
      R"({"type":"take_desk","desk":"96110"})",
      R"({"type":"release_desk"})",
      nlohmann::json{{"type", "decide"}, {"alert", id}, {"action", "sms"}}.dump(),
      R"({"type":"inject","kind":"surge","multiplier":2,"duration_s":60})",
      R"({"type":"control","action":"pause"})",
      R"({"type":"create"})"};
  int bob_errors = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto m = parse(all[i]);
    m["id"] = i;
    bob.send(m.dump());
    // Its answer carries the id; broadcasts (clock, desk load) come in between.
    std::optional<nlohmann::json> answer;
    for (int n = 0; n < 500 && !answer; ++n) {
      const auto t = bob.receive(3000ms);
      REQUIRE(t);
      bob_seen.push_back(*t);
      if (auto j = parse(*t); j.contains("id") && j["id"] == i) answer = j;
    }
    REQUIRE(answer);
    if ((*answer)["type"] == "error") ++bob_errors;
  }
  // ping, snapshot and release (of nothing) are fine; taking ann's desk, deciding her alert,
  // injecting, controlling and creating are refused.
  CHECK(bob_errors == 5);
  trainer.send(R"({"type":"snapshot"})");
  CHECK(wait_for(trainer, "snapshot").value()["state"] == "running");
  wait_for(ann, "clock", &ann_seen, 1000ms);
  for (const auto* seen : {&ann_seen, &bob_seen})
    for (const auto& t : *seen) CHECK_MESSAGE(!live_test::leaks_hidden(t), t);
}

TEST_CASE("a message over 64 KiB closes that connection only; malformed ones get an error") {
  TestServer s;
  live::WsClient good(s.trainer());
  live::WsClient big(s.trainer());
  wait_for(good, "snapshot");
  wait_for(big, "snapshot");
  big.send("{\"type\":\"ping\",\"pad\":\"" + std::string(70 * 1024, 'x') + "\"}");
  bool closed = false;
  for (int i = 0; i < 200 && !closed; ++i) {
    try {
      big.receive(20ms);
    } catch (const live::ClientError&) {
      closed = true;
    }
  }
  CHECK(closed);
  good.send("{oops");
  const auto e = wait_for(good, "error");
  REQUIRE(e);
  CHECK((*e)["code"] == "malformed");
  good.send(R"({"type":"teleport"})");
  CHECK(wait_for(good, "error").value()["code"] == "unknown_type");
  good.send(R"({"type":"ping"})");
  CHECK(wait_for(good, "pong").has_value());
}

TEST_CASE("a slowloris request and an idle socket are closed by their timeouts") {
  TestServer s;
  net::io_context ioc;
  tcp::socket slow(ioc);
  slow.connect({net::ip::make_address("127.0.0.1"), s.server.port()});
  net::write(slow, net::buffer(std::string("GET /ws?exercise=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n")));
  // Never finishes the header: closed after the handshake timeout (1 s).
  char c;
  boost::system::error_code ec;
  const auto t0 = std::chrono::steady_clock::now();
  slow.read_some(net::buffer(&c, 1), ec);
  CHECK(ec);  // EOF or reset
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
  // A WebSocket that never answers a ping: closed after the idle timeout (2 s).
  CHECK(eventually([&] { return s.server.connections() == 0; }, 3000ms));
  {
    websocket::stream<tcp::socket> idle(ioc);
    idle.next_layer().connect({net::ip::make_address("127.0.0.1"), s.server.port()});
    const std::string target = s.trainer().substr(s.trainer().find("/ws"));
    idle.handshake("127.0.0.1:" + std::to_string(s.server.port()), target);
    CHECK(s.server.connections() == 1);
    // It reads nothing at all, so it answers no ping.
    CHECK(eventually([&] { return s.server.connections() == 0; }, 8000ms));
  }
}

TEST_CASE("a client that never reads is dropped while 50 others play on") {
  auto o = TestServer::opts();
  o.send_queue_limit = 64;
  o.idle_timeout = 30000ms;  // the queue, not the idle timeout, must drop it
  TestServer s(o);
  std::vector<std::unique_ptr<live::WsClient>> players;
  for (int i = 0; i < 50; ++i) {
    players.push_back(std::make_unique<live::WsClient>(s.trainee("p" + std::to_string(i))));
    REQUIRE(wait_for(*players.back(), "snapshot"));
  }
  net::io_context ioc;
  websocket::stream<tcp::socket> mute(ioc);
  mute.next_layer().connect({net::ip::make_address("127.0.0.1"), s.server.port()});
  const std::string target = s.trainer().substr(s.trainer().find("/ws"));
  mute.handshake("127.0.0.1:" + std::to_string(s.server.port()), target);
  REQUIRE(eventually([&] { return s.server.connections() == 51; }));
  // Ask for ~13 KB snapshots thousands of times without reading one: far more than the
  // kernel's buffers hold, so the server's queue for it fills.
  // The 50 keep reading meanwhile (they play on); only the mute one fills its queue.
  auto drain = [&] {
    for (auto& p : players)
      while (p->receive(0ms)) {
      }
  };
  boost::system::error_code ec;
  for (int i = 0; i < 4000 && !ec; ++i) {
    mute.write(net::buffer(std::string(R"({"type":"snapshot"})")), ec);
    if (i % 100 == 0) drain();
  }
  CHECK(eventually(
      [&] {
        drain();
        return s.server.connections() == 50;
      },
      30000ms));
  // The others still get answers.
  for (int i = 0; i < 50; i += 7) {
    players[static_cast<std::size_t>(i)]->send(R"({"type":"ping"})");
    CHECK(wait_for(*players[static_cast<std::size_t>(i)], "pong").has_value());
  }
}

TEST_CASE("1,000 connection attempts in a burst leave the server serving") {
  TestServer s;
  live::WsClient player(s.trainer());
  wait_for(player, "snapshot");
  net::io_context ioc;
  int connected = 0;
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<tcp::socket> socks;
    for (int i = 0; i < 100; ++i) {
      socks.emplace_back(ioc);
      boost::system::error_code ec;
      socks.back().connect({net::ip::make_address("127.0.0.1"), s.server.port()}, ec);
      if (!ec) ++connected;
    }
  }  // closed without a byte
  CHECK(connected == 1000);
  player.send(R"({"type":"ping"})");
  CHECK(wait_for(player, "pong").has_value());
  CHECK(eventually([&] { return s.server.connections() == 1; }, 5000ms));
  live::WsClient late(s.trainer());
  CHECK(wait_for(late, "snapshot").has_value());
}

TEST_CASE("two exercises run at once, each on its own, and the trainer creates one") {
  TestServer s;
  live::WsClient t(s.trainer());
  wait_for(t, "snapshot");
  t.send(R"({"type":"create","seed":9,"speed":120,"id":"c"})");
  const auto created = wait_for(t, "created");
  REQUIRE(created);
  const int second = (*created)["exercise"].get<int>();
  CHECK(second != s.first.id);
  std::string url = s.trainer();
  url.replace(url.find("exercise=1"), 10, "exercise=" + std::to_string(second));
  live::WsClient t2(url);
  CHECK(wait_for(t2, "hello").value()["exercise"] == second);
  t2.send(R"({"type":"control","action":"start"})");
  CHECK(wait_for(t2, "control").value()["state"] == "running");
  t.send(R"({"type":"snapshot"})");
  CHECK(wait_for(t, "snapshot").value()["state"] == "created");  // the first one is untouched
}
