// A small blocking WebSocket client of the live protocol, for `hotline-sim live-client` and
// the tests: connect, send text, receive the next message with a timeout. Loopback or any
// ws:// URL; no TLS. Not thread-safe: one thread uses it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace hotline::live {

class ClientError : public std::runtime_error {
 public:
  ClientError(const std::string& what, int http_status = 0)
      : std::runtime_error(what), http_status_(http_status) {}
  int http_status() const { return http_status_; }  // the refusal's HTTP status, 0 if none

 private:
  int http_status_;
};

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::string origin;         // sent as Origin when not empty (browsers always send one)
  std::string host_override;  // sent as Host instead of the URL's host:port when not empty
};

class WsClient {
 public:
  // Connects and upgrades; throws ClientError (refused with an HTTP status, unreachable,
  // timed out, a URL that is not ws://HOST:PORT/PATH).
  explicit WsClient(const std::string& url, ClientOptions options = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send(const std::string& text);  // throws ClientError when the connection is gone
  // The next message, or nullopt if none came within `timeout`; throws ClientError once the
  // server has closed the connection (what() says why, with the close reason if any).
  std::optional<std::string> receive(std::chrono::milliseconds timeout);
  void close();  // a clean close; never throws

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline::live
