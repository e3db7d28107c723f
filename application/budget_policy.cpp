#include "application/budget_policy.hpp"

#include <map>

namespace llmgw::application {

namespace {

std::string owner_key(domain::BudgetScope scope, std::string_view owner) {
    std::string key(domain::to_string(scope));
    key += ':';
    key += owner;
    return key;
}

}  // namespace

BudgetPolicy::BudgetPolicy(std::vector<domain::Budget> budgets, std::vector<domain::Budget> end_user_defaults)
    : budgets_(std::move(budgets)), end_user_defaults_(std::move(end_user_defaults)) {
    for (std::size_t i = 0; i < budgets_.size(); ++i) {
        by_owner_[owner_key(budgets_[i].scope, budgets_[i].owner)].push_back(i);
    }
}

std::vector<domain::BudgetLine> BudgetPolicy::lines_for(const domain::Attribution& caller,
                                                        std::chrono::system_clock::time_point now) const {
    std::vector<domain::BudgetLine> lines;
    if (empty()) return lines;
    const auto add_owned = [&](domain::BudgetScope scope, const std::string& owner) {
        if (owner.empty() && scope != domain::BudgetScope::global) return;
        const auto found = by_owner_.find(owner_key(scope, owner));
        if (found == by_owner_.end()) return;
        for (const auto index : found->second) lines.push_back(domain::budget_line(budgets_[index], now));
    };
    add_owned(domain::BudgetScope::global, {});
    add_owned(domain::BudgetScope::key, caller.api_key_id);
    add_owned(domain::BudgetScope::team, caller.team);
    add_owned(domain::BudgetScope::project, caller.project);
    add_owned(domain::BudgetScope::end_user, caller.end_user);
    if (!caller.end_user.empty()) {
        for (auto budget : end_user_defaults_) {
            budget.owner = caller.end_user;
            lines.push_back(domain::budget_line(budget, now));
        }
    }
    return lines;
}

void restore_budgets(const BudgetPolicy& policy, domain::SpendHistory& history, domain::BudgetStore& store,
                     std::chrono::system_clock::time_point now) {
    // One query per scope and period start, however many budgets share it.
    std::map<std::pair<domain::BudgetScope, std::chrono::system_clock::time_point>,
             std::vector<domain::SpendHistory::OwnerSpend>>
        spent;
    const auto spend_of = [&](domain::BudgetScope scope, std::chrono::system_clock::time_point since)
        -> const std::vector<domain::SpendHistory::OwnerSpend>& {
        auto found = spent.find({scope, since});
        if (found == spent.end()) found = spent.emplace(std::pair{scope, since}, history.spend_since(scope, since)).first;
        return found->second;
    };
    for (const auto& budget : policy.budgets()) {
        const auto line = domain::budget_line(budget, now);
        for (const auto& owner : spend_of(budget.scope, line.period_start)) {
            if (owner.owner == budget.owner) store.restore(line, owner.spent);
        }
    }
    for (const auto& pattern : policy.end_user_defaults()) {
        for (const auto& owner :
             spend_of(domain::BudgetScope::end_user, domain::period_start(pattern.period, now))) {
            auto budget = pattern;
            budget.owner = owner.owner;
            store.restore(domain::budget_line(budget, now), owner.spent);
        }
    }
}

}  // namespace llmgw::application
