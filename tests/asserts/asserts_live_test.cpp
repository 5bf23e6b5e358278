// Built only with -DHOTLINE_ASSERTS=ON (scripts/test's sanitizer pass): proves that assert() is
// live in that build, in this file, in every compiled file and inside a layer library.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hotline/engine/random.hpp"

#ifdef NDEBUG
#error "HOTLINE_ASSERTS is on but NDEBUG is defined: no assert() would run in this build"
#endif

TEST_CASE("no file of this build is compiled with -DNDEBUG") {
  const auto path = std::filesystem::path(HOTLINE_BINARY_DIR) / "compile_commands.json";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, path.string(), " (CMAKE_EXPORT_COMPILE_COMMANDS) is missing");
  const auto commands = nlohmann::json::parse(in);
  REQUIRE(commands.size() > 50);
  std::vector<std::string> with_ndebug;
  for (const auto& c : commands) {
    const std::string command = c.value("command", std::string{});
    if (command.find(" -DNDEBUG") != std::string::npos) {
      with_ndebug.push_back(c.value("file", std::string{}));
    }
  }
  for (const auto& f : with_ndebug) FAIL_CHECK(f, " is compiled with -DNDEBUG");
  CHECK(with_ndebug.empty());
}

TEST_CASE("an assert() inside a layer library fires") {
  // Rng::below(0) breaks the precondition asserted in sim/engine/random.cpp, compiled into
  // hotline_engine. Run it in a child and expect the assert's message and SIGABRT.
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGABRT, SIG_DFL);  // not doctest's crash handler
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    hotline::engine::Rng rng(1);
    (void)rng.below(0);
    _exit(0);  // reached only if the assert is compiled out
  }
  close(pipe_fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, n);
  close(pipe_fds[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  INFO("child status ", status, ", stderr: ", message);
  CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT));
  CHECK(message.find("random.cpp") != std::string::npos);
  CHECK(message.find("n > 0") != std::string::npos);
}
