#include "hotline/live/ws_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <regex>

namespace hotline::live {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class WsClient::Impl {
 public:
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  bool reading = false;
  bool read_done = false;
  beast::error_code read_ec;
  bool closed = false;

  // Runs the io_context until `done` or the timeout; true if done.
  template <class Done>
  bool run_until(Done done, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      const auto now = std::chrono::steady_clock::now();
      ioc.restart();
      if (now >= end) {
        ioc.poll();  // a zero timeout still takes what has arrived
        return done();
      }
      ioc.run_one_for(end - now);
    }
    return true;
  }
};

WsClient::WsClient(const std::string& url, ClientOptions options)
    : impl_(std::make_unique<Impl>()) {
  static const std::regex re(R"(ws://([^/:]+):([0-9]{1,5})(/.*)?)");
  std::smatch m;
  if (!std::regex_match(url, m, re))
    throw ClientError(
        "'" + url +
        "' is not a ws://HOST:PORT/PATH URL (copy the one `hotline-sim serve` printed)");
  const std::string host = m[1], port = m[2];
  const std::string target = m[3].matched ? std::string(m[3]) : "/";
  auto& ws = impl_->ws;
  beast::error_code ec;
  bool done = false;
  tcp::resolver resolver(impl_->ioc);
  const auto endpoints = resolver.resolve(host, port, ec);
  if (ec) throw ClientError("cannot resolve " + host + ": " + ec.message());
  beast::get_lowest_layer(ws).expires_after(options.connect_timeout);
  beast::get_lowest_layer(ws).async_connect(endpoints,
                                            [&](beast::error_code e, const tcp::endpoint&) {
                                              ec = e;
                                              done = true;
                                            });
  impl_->run_until([&] { return done; }, options.connect_timeout + std::chrono::seconds(1));
  if (!done || ec)
    throw ClientError("cannot connect to " + host + ":" + port + ": " +
                      (done ? ec.message() : "timed out"));
  ws.set_option(websocket::stream_base::decorator([o = options](websocket::request_type& req) {
    req.set(http::field::user_agent, "hotline-sim live-client");
    if (!o.origin.empty()) req.set(http::field::origin, o.origin);
  }));
  websocket::response_type res;
  done = false;
  const std::string host_header =
      options.host_override.empty() ? host + ":" + port : options.host_override;
  ws.async_handshake(res, host_header, target, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  impl_->run_until([&] { return done; }, options.connect_timeout + std::chrono::seconds(1));
  if (!done) throw ClientError("the WebSocket handshake timed out");
  if (ec) {
    const int status = static_cast<int>(res.result_int());
    std::string body = res.body();
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
    throw ClientError(status ? "refused (HTTP " + std::to_string(status) + "): " + body
                             : "handshake failed: " + ec.message(),
                      status);
  }
  beast::get_lowest_layer(ws).expires_never();
  // The client answers the server's pings itself; it never times out on its own.
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  ws.read_message_max(64 * 1024 * 1024);
}

WsClient::~WsClient() {
  close();
}

void WsClient::send(const std::string& text) {
  if (impl_->closed) throw ClientError("the connection is closed");
  beast::error_code ec;
  bool done = false;
  impl_->ws.text(true);
  impl_->ws.async_write(net::buffer(text), [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!impl_->run_until([&] { return done; }, std::chrono::seconds(10)))
    throw ClientError("sending timed out (the server does not read)");
  if (ec) {
    impl_->closed = true;
    throw ClientError("the connection is closed: " + ec.message());
  }
}

std::optional<std::string> WsClient::receive(std::chrono::milliseconds timeout) {
  auto& d = *impl_;
  if (d.closed) throw ClientError("the connection is closed");
  if (!d.reading) {
    d.reading = true;
    d.read_done = false;
    d.ws.async_read(d.buffer, [&d](beast::error_code e, std::size_t) {
      d.read_ec = e;
      d.read_done = true;
    });
  }
  if (!d.run_until([&d] { return d.read_done; }, timeout)) return std::nullopt;
  d.reading = false;
  if (d.read_ec) {
    d.closed = true;
    std::string why = d.read_ec.message();
    if (d.read_ec == websocket::error::closed && !d.ws.reason().reason.empty())
      why = "closed by the server: " + std::string(d.ws.reason().reason.c_str());
    else if (d.read_ec == websocket::error::closed)
      why = "closed by the server (code " + std::to_string(d.ws.reason().code) + ")";
    throw ClientError(why);
  }
  std::string text = beast::buffers_to_string(d.buffer.data());
  d.buffer.consume(d.buffer.size());
  return text;
}

void WsClient::close() {
  auto& d = *impl_;
  if (d.closed) return;
  d.closed = true;
  bool done = false;
  d.ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
  // A pending read completes with `closed`; wait a little for both, then drop the socket.
  d.run_until([&] { return done && (!d.reading || d.read_done); }, std::chrono::milliseconds(500));
  beast::error_code ignored;
  beast::get_lowest_layer(d.ws).socket().close(ignored);
  d.ioc.restart();
  d.ioc.poll();
}

}  // namespace hotline::live
