// llm-gateway: the process entry point. Reads the command line and the
// configuration, then hands over to the composition root.

#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>

#include "infrastructure/composition/gateway.hpp"
#include "infrastructure/config/config_loader.hpp"
#include "observability/logger.hpp"

namespace po = boost::program_options;
using namespace llmgw;

int main(int argc, char** argv) {
    po::options_description options("llm-gateway [--config FILE] [--listen HOST:PORT]");
    options.add_options()
        ("help,h", "show this help")
        ("config,c", po::value<std::string>(), "YAML configuration file (default: $LLMGW_CONFIG, else built-in defaults)")
        ("listen,l", po::value<std::string>(), "address to listen on, HOST:PORT (default 127.0.0.1:8080)")
        ("log-level", po::value<std::string>(), "debug | info | warn | error (default: log.level, else info)");
    po::variables_map args;
    try {
        po::store(po::parse_command_line(argc, argv, options), args);
        po::notify(args);
    } catch (const po::error& error) {
        std::cerr << "llm-gateway: " << error.what() << "\n" << options;
        return 2;
    }
    if (args.count("help")) {
        std::cout << options;
        return 0;
    }

    const auto cli_level = args.count("log-level") ? args["log-level"].as<std::string>() : std::string();
    observability::Logger logger(stderr, observability::parse_log_level(cli_level, observability::LogLevel::info));
    const auto env = infrastructure::process_environment();
    try {
        std::string config_path;
        if (args.count("config")) {
            config_path = args["config"].as<std::string>();
        } else if (auto from_env = env("LLMGW_CONFIG"); from_env && !from_env->empty()) {
            config_path = *from_env;
        }
        auto config = config_path.empty() ? infrastructure::default_config(env)
                                          : infrastructure::load_config_file(config_path, env);
        if (args.count("listen")) infrastructure::apply_listen(config, args["listen"].as<std::string>(), "--listen");
        const auto level = cli_level.empty() ? config.log.level : cli_level;
        logger.configure(config.log.text ? observability::LogFormat::text : observability::LogFormat::json,
                         observability::parse_log_level(level, observability::LogLevel::info));
        return infrastructure::run_gateway(config, logger);
    } catch (const infrastructure::ConfigError& error) {
        std::cerr << "llm-gateway: configuration error: " << logger.scrub(error.what()) << "\n";
        return 2;
    }
}
