#include "portdb/query/suggester.hpp"

#include "portdb/query/conflict_map.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace portdb::query {
namespace {

// Which source to believe when a name has different ports in different sources.
int source_priority(db::SourceKind kind) {
    switch (kind) {
        case db::SourceKind::iana_xml:
            return 0;
        case db::SourceKind::iana_csv:
            return 1;
        case db::SourceKind::services:
            return 2;
        case db::SourceKind::nmap_services:
        case db::SourceKind::defacto_list:
        case db::SourceKind::site:
            return 3;
        case db::SourceKind::port_numbers_text:
            break;
    }
    return 4;
}

void require_instance(std::uint32_t instance) {
    if (instance < 1) {
        throw UsageError("--instance counts servers from 1");
    }
}

bool covers(const PolicyRule& rule, const ShiftedBlock& block) {
    return std::any_of(rule.ports.begin(), rule.ports.end(),
                       [&](const db::PortRange& r) { return r.lo <= block.lo && block.hi <= r.hi; });
}

}  // namespace

Suggester::Suggester(const db::Database& database, const Policy& policy, const LocalMachine* local)
    : database_(database), policy_(policy), local_(local), checker_(database, policy, local) {}

CounterpartSuggestion Suggester::counterpart(std::string_view name, std::uint32_t instance) const {
    require_instance(instance);
    CounterpartSuggestion result;
    result.name = std::string(name);
    result.instance = instance;

    std::optional<db::StoredAssignment> best;
    const auto key = [](const db::StoredAssignment& row) {
        return std::tuple(source_priority(row.source), row.assignment.protocol.value_or("tcp") != "tcp",
                          row.assignment.ports->lo);
    };
    for (auto& row : database_.find_by_name(name)) {
        if (row.assignment.ports && (!best || key(row) < key(*best))) {
            best = std::move(row);
        }
    }
    if (!best) {
        result.reason = fmt::format("no service named \"{}\" with a port in the database", name.substr(0, 80));
        return result;
    }
    result.service = best;
    const auto& muq = policy_.muq;
    const std::uint32_t xyz = best->assignment.ports->lo;
    const std::uint32_t block_size = muq.daemon_block.hi - muq.daemon_block.lo + 1;
    if (xyz >= block_size) {
        result.reason = fmt::format(
            "{} uses port {}: the seed policy's 30xyz counterparts exist only for ports below {}; "
            "a daemon with no counterpart belongs in the production range",
            *best->assignment.name, xyz, block_size);
        result.offer = free_ports(MuqBlock::production, instance, 1, {"tcp", "udp"});
        return result;
    }
    const std::uint32_t port = muq.daemon_block.lo + xyz + muq.instance_shift * (instance - 1);
    if (port > 65535) {
        throw UsageError(fmt::format("instance {} puts the counterpart of {} ({}) at {}, past 65535; the largest "
                                     "instance for it is {}",
                                     instance, *best->assignment.name, xyz, port,
                                     largest_instance(muq, muq.daemon_block.lo + xyz)));
    }
    result.port = static_cast<std::uint16_t>(port);
    result.check = checker_.check(CheckTarget{port, std::nullopt}, instance);
    return result;
}

RangeSuggestion Suggester::free_ports(MuqBlock block, std::uint32_t instance, std::uint32_t count,
                                      const std::vector<std::string>& protocols) const {
    require_instance(instance);
    const auto& muq = policy_.muq;
    const auto range = shifted(muq, block, instance);
    if (range.hi > 65535) {
        throw UsageError(fmt::format("the {} block of server {} would be {}-{}, past 65535; the largest instance is {}",
                                     to_string(block), instance, range.lo, range.hi,
                                     largest_instance(muq, base_range(muq, block).hi)));
    }
    if (count < 1) {
        throw UsageError("--count must be at least 1");
    }
    RangeSuggestion result;
    result.block = block;
    result.instance = instance;
    result.range = db::PortRange{static_cast<std::uint16_t>(range.lo), static_cast<std::uint16_t>(range.hi)};
    result.protocols = protocols;

    // A warning that holds for every port of the block cannot tell ports apart:
    // it becomes a caveat of the whole suggestion instead of excluding them all.
    // An error never does: it still excludes every port, and is listed as the reason.
    std::set<std::string, std::less<>> block_wide;
    for (const auto& rule : policy_.rules) {
        const bool every_protocol = std::all_of(protocols.begin(), protocols.end(),
                                                [&](const std::string& p) { return rule.applies_to_protocol(p); });
        if (rule.severity >= Severity::warning && every_protocol && covers(rule, range)) {
            if (rule.severity == Severity::warning) {
                block_wide.insert(rule.id);
            }
            result.caveats.push_back({rule.severity, rule.id, "", rule.message, "policy", rule.source});
        }
    }
    std::stable_sort(result.caveats.begin(), result.caveats.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
    if (local_ != nullptr && local_->unavailable.empty() && local_->ephemeral_range &&
        local_->ephemeral_range->lo <= range.lo && range.hi <= local_->ephemeral_range->hi) {
        block_wide.insert("local-ephemeral-range");
        result.caveats.push_back({Severity::warning, "local-ephemeral-range", "",
                                  fmt::format("the whole block is inside this machine's ephemeral range {}-{}",
                                              local_->ephemeral_range->lo, local_->ephemeral_range->hi),
                                  "local", "/proc/sys/net/ipv4/ip_local_port_range"});
    }

    const auto registry = database_.port_ranges();
    std::vector<ConflictMap> maps;
    maps.reserve(protocols.size());
    for (const auto& protocol : protocols) {
        maps.emplace_back(registry, policy_, local_, protocol, block_wide);
    }
    for (auto port = range.lo; port <= range.hi && result.ports.size() < count; ++port) {
        const auto p = static_cast<std::uint16_t>(port);
        if (std::all_of(maps.begin(), maps.end(), [&](const ConflictMap& map) { return map.clean(p); })) {
            result.ports.push_back(p);
        }
    }
    return result;
}

ExperimentalSuggestion Suggester::experimental(std::string_view phone) const {
    std::string digits;
    for (const char c : phone) {
        if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
            throw UsageError("a phone number has digits, blanks and punctuation only, no letters");
        }
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            digits += c;
        }
    }
    if (digits.size() < 4) {
        throw UsageError(fmt::format("\"{}\" has {} digit{}; the seed policy needs the last four digits of a phone number",
                                     phone.substr(0, 40), digits.size(), digits.size() == 1 ? "" : "s"));
    }
    ExperimentalSuggestion result;
    result.digits = digits.substr(digits.size() - 4);
    const auto port = policy_.muq.experimental_prefix * 10000 + static_cast<std::uint32_t>(std::stoul(result.digits));
    if (port > 65535) {
        throw UsageError(fmt::format("experimental_prefix {} makes port {}, past 65535", policy_.muq.experimental_prefix, port));
    }
    result.port = static_cast<std::uint16_t>(port);
    result.check = checker_.check(CheckTarget{port, std::nullopt});
    return result;
}

}  // namespace portdb::query
