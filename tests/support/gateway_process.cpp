#include "gateway_process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace llmgw::testing {
namespace {

std::string temp_path(const char* suffix) {
    static int counter = 0;
    return "/tmp/llmgw-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix;
}

std::string read_file(const std::string& path) {
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

GatewayProcess::GatewayProcess(const std::string& config_yaml,
                               const std::vector<std::pair<std::string, std::string>>& environment)
    : config_path_(temp_path(".yaml")), log_path_(temp_path(".log")) {
    std::ofstream(config_path_) << config_yaml;
    pid_ = ::fork();
    if (pid_ == 0) {
        std::freopen(log_path_.c_str(), "w", stderr);
        for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
        ::execl(LLMGW_BINARY, LLMGW_BINARY, "--config", config_path_.c_str(), "--listen", "127.0.0.1:0",
                static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    // The gateway logs the address it is listening on once it is ready.
    const std::regex listening(R"re("event":"listening","address":"127\.0\.0\.1:(\d+)")re");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const auto text = log();
        if (std::regex_search(text, match, listening)) {
            port_ = static_cast<unsigned short>(std::stoi(match[1]));
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("llm-gateway exited at start-up: " + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("llm-gateway did not start listening: " + log());
}

GatewayProcess::~GatewayProcess() {
    // A graceful stop, so that a sanitizer build can report at exit.
    if (pid_ > 0 && stop(SIGTERM, 3) == -1) stop(SIGKILL, 5);
    const auto text = log();
    if (text.find("AddressSanitizer") != std::string::npos || text.find("runtime error:") != std::string::npos ||
        text.find("LeakSanitizer") != std::string::npos) {
        ADD_FAILURE() << "the gateway process reported a memory or undefined-behaviour error:\n" << text;
    }
    std::remove(config_path_.c_str());
    std::remove(log_path_.c_str());
}

int GatewayProcess::stop(int signal, int seconds) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

std::string GatewayProcess::log() const { return read_file(log_path_); }

std::pair<int, std::string> GatewayProcess::run_to_end(const std::string& arguments) {
    const auto output_path = temp_path(".out");
    const auto command = std::string(LLMGW_BINARY) + " " + arguments + " >" + output_path + " 2>&1";
    const int status = std::system(command.c_str());
    auto output = read_file(output_path);
    std::remove(output_path.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace llmgw::testing
