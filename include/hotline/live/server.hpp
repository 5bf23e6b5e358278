// The live exercise server: HTTP + WebSocket (Boost.Beast) on one io_context with a few
// threads. Each exercise runs on a strand of its own, each connection on another: an
// exercise only posts messages to connections (never waits on a socket) and a connection
// only posts client messages to its exercise (never runs the model), so neither blocks the
// other.
//
// Security (docs/live-protocol.md, "Connecting"): every request and socket carries a token in
// its query string (`?token=...`): the trainer's token (one per server) or an exercise's
// trainee token, compared in constant time. The Host header must name the listening address
// (or localhost on loopback) and an Origin header, when present, the same host over http:
// a web page elsewhere cannot drive the server. Limits: a request's header within
// handshake_timeout (slowloris), 64 KiB per message, an idle timeout (WebSocket pings
// unanswered), a bounded send queue per connection (a client that does not read is dropped),
// at most max_connections at once (more are closed at accept).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "hotline/live/exercise.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live {

class ServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (see Server::port())
  int threads = 2;
  std::chrono::milliseconds handshake_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  std::size_t max_message = 64 * 1024;
  std::size_t send_queue_limit = 1024;  // messages waiting for one client
  int max_connections = 512;
  std::chrono::milliseconds tick{20};  // pacing period of every exercise
  std::string out_root;                // exercise N writes OUT_ROOT/exercise-N; empty: nothing
  std::string trainer_token;           // empty: a random one
  ExerciseOptions exercise;            // defaults for exercises (seed, speed, takeover, ...)
};

struct ExerciseInfo {
  int id = 0;
  std::string trainee_token;
  std::string out_dir;  // where its files go when it ends (empty: none)
};

class Server {
 public:
  // The scenario must outlive the server. Nothing listens until start().
  Server(const scenario::Scenario& scenario, ServerOptions options);
  ~Server();  // stops (ending every exercise, publishing its files)
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads; throws ServerError (address in use, bad address).
  void start();
  // Ends every exercise (their files are published), closes every connection, joins the
  // threads. Idempotent; thread-safe.
  void stop();

  unsigned short port() const;
  const std::string& trainer_token() const;
  // A new exercise of the scenario (the trainer's `create` does the same); thread-safe.
  ExerciseInfo create_exercise(std::uint64_t seed, double speed);
  // "ws://127.0.0.1:PORT/ws?exercise=N&token=T" for the trainer or a trainee of exercise N.
  std::string trainer_url(int exercise) const;
  std::string trainee_url(const ExerciseInfo& info) const;
  // The browser console of exercise N: "http://127.0.0.1:PORT/?exercise=N&token=T" (a
  // trainee's page adds "&name=NAME"). The page opens its WebSocket with the same token.
  std::string trainer_page_url(int exercise) const;
  std::string trainee_page_url(const ExerciseInfo& info) const;
  bool all_ended() const;   // every exercise has ended (thread-safe)
  int connections() const;  // open connections now (for tests and the soak)

  class Impl;  // opaque; public only so the connections in server.cpp can name it

 private:
  std::shared_ptr<Impl> impl_;
};

// Constant-time equality of two secrets (no early exit on the first differing byte).
bool same_secret(std::string_view a, std::string_view b);
// 32 hex digits from std::random_device.
std::string random_token();

}  // namespace hotline::live
