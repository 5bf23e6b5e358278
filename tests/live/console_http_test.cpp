// The browser console served by the binary: the page with a token, its embedded scripts and
// styles without one, the security headers, and the same Host/Origin checks as the socket.
// Plain HTTP/1.1 requests on loopback against a server on a free port.
#include <doctest/doctest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hotline/live/console_assets.hpp"
#include "hotline/live/server.hpp"
#include "hotline/live/ws_client.hpp"
#include "live_test_support.hpp"

using namespace hotline;
using namespace std::chrono_literals;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

struct Response {
  int status = 0;
  std::string content_type, csp, referrer, body;
};

// One GET with the given Host (and Origin, if not empty); the reply in full.
Response get(unsigned short port, const std::string& target, std::string host = "",
             const std::string& origin = "") {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(5s);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, host.empty() ? "127.0.0.1:" + std::to_string(port) : host);
  if (!origin.empty()) req.set(http::field::origin, origin);
  http::write(stream, req);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(stream, buf, res);
  return {static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
          std::string(res["Content-Security-Policy"]), std::string(res["Referrer-Policy"]),
          res.body()};
}

std::string source_file(const std::string& rel) {
  std::ifstream in(std::filesystem::path(HOTLINE_SOURCE_DIR) / rel, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct ConsoleServer {
  ConsoleServer() : server(live_test::xizang(), opts()) {
    server.start();
    first = server.create_exercise(7, 60);
  }
  static live::ServerOptions opts() {
    live::ServerOptions o;
    o.port = 0;
    o.handshake_timeout = 2000ms;
    return o;
  }
  // The path and query of a page URL ("/?exercise=1&token=...").
  static std::string target(const std::string& url) { return url.substr(url.find('/', 7)); }
  live::Server server;
  live::ExerciseInfo first;
};

}  // namespace

TEST_CASE("every file of web/console is embedded byte for byte") {
  const auto& assets = live::console_assets();
  for (const char* name : {"index.html", "console.js", "console.css", "i18n.js"}) {
    const auto* a = live::find_console_asset(std::string("/console/") + name);
    REQUIRE_MESSAGE(a, name);
    CHECK(a->body == source_file(std::string("web/console/") + name));
  }
  CHECK(live::find_console_asset("/console/missing.js") == nullptr);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::path(HOTLINE_SOURCE_DIR) / "web/console"))
    files += e.is_regular_file() ? 1 : 0;
  CHECK(assets.size() == files);
}

TEST_CASE("the console page needs a token, its scripts do not, and both carry a strict CSP") {
  ConsoleServer s;
  const unsigned short port = s.server.port();
  const std::string trainer = ConsoleServer::target(s.server.trainer_page_url(s.first.id));
  const std::string trainee =
      ConsoleServer::target(s.server.trainee_page_url(s.first)) + "&name=ann";
  CHECK(s.server.trainer_page_url(1).starts_with("http://127.0.0.1:" + std::to_string(port) +
                                                 "/?exercise=1&token="));

  for (const std::string& page : {trainer, trainee}) {
    const Response r = get(port, page);
    CHECK(r.status == 200);
    CHECK(r.content_type == "text/html; charset=utf-8");
    CHECK(r.body == source_file("web/console/index.html"));
    CHECK(r.csp.find("default-src 'self'") != std::string::npos);
    CHECK(r.csp.find("connect-src 'self'") != std::string::npos);
    CHECK(r.referrer == "no-referrer");  // the token in the URL goes nowhere else
  }
  CHECK(get(port, "/console/?exercise=1&token=" + s.server.trainer_token()).status == 200);
  // No token, a wrong one, another exercise's trainee token: no page.
  CHECK(get(port, "/").status == 403);
  CHECK(get(port, "/?exercise=1&token=00000000000000000000000000000000").status == 403);
  CHECK(get(port, "/?exercise=2&token=" + s.first.trainee_token).status == 403);
  CHECK(get(port, "/?exercise=9&token=" + s.server.trainer_token()).status == 404);
  CHECK(get(port, "/elsewhere?exercise=1&token=" + s.server.trainer_token()).status == 404);

  // The scripts and styles hold no data: served to anyone who can reach the server...
  const Response js = get(port, "/console/console.js");
  CHECK(js.status == 200);
  CHECK(js.content_type == "text/javascript; charset=utf-8");
  CHECK(js.body == source_file("web/console/console.js"));
  CHECK(get(port, "/console/console.css").content_type == "text/css; charset=utf-8");
  CHECK(get(port, "/console/nothing.js").status == 404);
  // ... but the page itself never without a token.
  CHECK(get(port, "/console/index.html").status == 404);
  // ... and under the same Host and Origin rules as everything else.
  CHECK(get(port, "/console/console.js", "attacker.example:80").status == 403);
  CHECK(get(port, trainer, "", "http://attacker.example").status == 403);
  CHECK(get(port, trainer, "", "http://localhost:" + std::to_string(port)).status == 200);
}

TEST_CASE("the latest review is served to the trainer's token only, under its own CSP") {
  ConsoleServer s;
  const unsigned short port = s.server.port();
  const std::string trainer_q = "?exercise=1&token=" + s.server.trainer_token();
  const std::string trainee_q = "?exercise=1&token=" + s.first.trainee_token;
  CHECK(get(port, "/review.json" + trainer_q).status == 404);  // none built yet
  live::WsClient trainer(s.server.trainer_url(s.first.id));
  trainer.send(R"({"type":"review","id":"r"})");
  std::optional<nlohmann::json> reply;
  const auto end = std::chrono::steady_clock::now() + 20s;
  while (!reply && std::chrono::steady_clock::now() < end)
    if (const auto t = trainer.receive(50ms); t && live_test::parse(*t)["type"] == "review")
      reply = live_test::parse(*t);
  REQUIRE(reply);
  const Response json =
      get(port, (*reply)["json"].get<std::string>() + "&token=" + s.server.trainer_token());
  CHECK(json.status == 200);
  CHECK(json.content_type == "application/json");
  CHECK(nlohmann::json::parse(json.body)["format"] == "hotline-sim after-action review");
  const Response html = get(port, "/review.html" + trainer_q);
  CHECK(html.status == 200);
  CHECK(html.content_type == "text/html; charset=utf-8");
  CHECK(html.csp.find("default-src 'none'") != std::string::npos);  // self-contained
  CHECK(html.body.find("<html") != std::string::npos);
  // The review shows the hidden deadlines' consequences: never to a trainee.
  CHECK(get(port, "/review.html" + trainee_q).status == 403);
  CHECK(get(port, "/review.json" + trainee_q).status == 403);
}
