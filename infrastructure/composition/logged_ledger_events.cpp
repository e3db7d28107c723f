#include "infrastructure/composition/logged_ledger_events.hpp"

#include <string>

namespace llmgw::infrastructure {

void LoggedLedgerEvents::write_failed(std::string_view error, std::size_t queued_rows) {
    logger_.error("ledger_write_failed", {{"error", error}, {"queued_rows", std::to_string(queued_rows)}});
}

void LoggedLedgerEvents::write_recovered(std::size_t queued_rows) {
    logger_.warn("ledger_write_recovered", {{"queued_rows", std::to_string(queued_rows)}});
}

void LoggedLedgerEvents::rows_dropped(std::size_t dropped) {
    logger_.error("ledger_rows_dropped", {{"dropped_rows", std::to_string(dropped)},
                                          {"detail", "the ledger's queue is full and on_ledger_full is drop"}});
}

void LoggedLedgerEvents::rows_lost(std::size_t lost, std::string_view error) {
    logger_.error("ledger_rows_lost", {{"lost_rows", std::to_string(lost)}, {"error", error}});
}

}  // namespace llmgw::infrastructure
