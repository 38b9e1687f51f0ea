#include "portdb/query/suggester.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/db/protocol.hpp"
#include "portdb/query/did_you_mean.hpp"
#include "portdb/query/layers.hpp"
#include "portdb/query/usage_error.hpp"
#include "registry_level.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace portdb::query {
namespace {

void require_instance(std::uint32_t instance) {
    if (instance < 1) {
        throw UsageError("--instance counts servers from 1");
    }
}

void require_fit(const MuqPolicy& muq, MuqBlock block, std::uint32_t instance) {
    require_instance(instance);
    if (instance > largest_instance(muq, block)) {
        const auto base = base_range(muq, block);
        const std::uint64_t shift = std::uint64_t{muq.instance_shift} * (instance - 1);
        const auto name = block == MuqBlock::daemon ? std::string("30xyz daemon") : std::string(to_string(block));
        throw UsageError(fmt::format("server {}'s {} block would be {}-{}, past 65535: {}", instance, name,
                                     base.lo + shift, base.hi + shift, fitting_servers(muq)));
    }
}

/// The range of `rule` that holds every port of `block`, if one does.
std::optional<db::PortRange> covering(const PolicyRule& rule, const db::PortRange& block) {
    for (const auto& r : rule.ports) {
        if (r.lo <= block.lo && block.hi <= r.hi) {
            return r;
        }
    }
    return std::nullopt;
}

/// The row a daemon's name stands for, and the protocols it is registered
/// on there (tcp and udp for a row that names none).
std::optional<std::pair<db::StoredAssignment, std::vector<std::string>>> resolve_service(
    const db::Database& database, std::string_view name, const std::optional<std::string>& protocol) {
    auto rows = database.find_by_name(name);
    std::erase_if(rows, [&](const db::StoredAssignment& row) {
        const auto& a = row.assignment;
        return !a.ports || (protocol && a.protocol && *a.protocol != *protocol);
    });
    const auto key = [](const db::StoredAssignment& row) {
        return std::tuple(db::layer_precedence(row.layer), row.source, row.assignment.protocol.value_or("tcp") != "tcp",
                          row.assignment.ports->lo);
    };
    const auto best =
        std::min_element(rows.begin(), rows.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    if (best == rows.end()) {
        return std::nullopt;
    }
    std::vector<std::string> protocols;
    for (const auto& row : rows) {
        const auto& a = row.assignment;
        const bool same_service =
            row.source == best->source && row.layer == best->layer && a.ports->lo == best->assignment.ports->lo &&
            db::ascii_lower(a.name.value_or("")) == db::ascii_lower(best->assignment.name.value_or(""));
        const auto these = db::protocols_or_default(a.protocol ? a.protocol : protocol);
        for (const auto& p : these) {
            if (same_service && std::find(protocols.begin(), protocols.end(), p) == protocols.end() &&
                (!protocol || p == *protocol)) {
                protocols.push_back(p);
            }
        }
    }
    // tcp before udp before the rest, as everywhere else.
    std::sort(protocols.begin(), protocols.end(), [](const std::string& a, const std::string& b) {
        const auto rank = [](const std::string& p) { return p == "tcp" ? 0 : p == "udp" ? 1 : 2; };
        return std::pair(rank(a), a) < std::pair(rank(b), b);
    });
    return std::pair(*best, protocols);
}

}  // namespace

Suggester::Suggester(const db::Database& database, const Policy& policy, const LocalMachine* local, TargetSet targets)
    : database_(database),
      policy_(policy),
      local_(local),
      targets_(targets),
      checker_(database, policy, local, targets) {}

CounterpartSuggestion Suggester::counterpart(std::string_view name, std::uint32_t instance,
                                             const std::optional<std::string>& protocol) const {
    require_fit(policy_.muq, MuqBlock::daemon, instance);
    CounterpartSuggestion result;
    result.name = std::string(name);
    result.instance = instance;
    result.targets = checker_.targets();
    const auto service = resolve_service(database_, name, protocol);
    if (!service) {
        result.reason = fmt::format("no service named \"{}\"{} with a port in the database", name.substr(0, 80),
                                    protocol ? fmt::format(" on {}", *protocol) : "");
        result.suggestions = closest_names(database_.all_names(), name);
        return result;
    }
    result.service = service->first;
    result.protocols = service->second;
    result.service_source = SourceSet::name_of(*result.service);
    const auto& a = result.service->assignment;
    const std::uint32_t xyz = a.ports->lo;
    result.muq_port = daemon_port(policy_.muq, xyz, instance);
    if (!result.muq_port) {
        const auto block_size = policy_.muq.daemon_block.hi - policy_.muq.daemon_block.lo + 1;
        result.reason = fmt::format(
            "{} uses port {}: the Muq policy's 30xyz ports exist only for daemons at ports 1-{}; "
            "a daemon with no counterpart belongs in the production block",
            *a.name, xyz, block_size - 1);
        offer_fallback(result);
        return result;
    }
    result.muq_check = checker_.check(*result.muq_port, result.protocols, instance);
    const auto verdict = result.muq_check->verdict();
    if (verdict == Verdict::ok) {
        result.port = result.muq_port;
        result.check = result.muq_check;
        return result;
    }
    const auto* why = result.muq_check->deciding().front();
    const auto on = why->targets.contains(Target::any)
                        ? std::string()
                        : fmt::format(" on {}", describe(why->targets.intersected(result.targets)));
    result.reason =
        fmt::format("the Muq policy's port {} is a {}{}: {}", *result.muq_port, to_string(verdict), on, why->summary);
    offer_fallback(result);
    return result;
}

// The first ok port of the same server's production block; failing that,
// the least bad port: the 30xyz port if it is only a caution, else the
// block's first caution port.
void Suggester::offer_fallback(CounterpartSuggestion& result) const {
    if (result.instance <= largest_instance(policy_.muq, MuqBlock::production)) {
        result.fallback_block = free_ports(MuqBlock::production, result.instance, 1, result.protocols);
    }
    const auto& block = result.fallback_block;
    std::optional<std::uint16_t> offer;
    if (block && block->verdict == Verdict::ok) {
        offer = block->ports.front();
    } else if (result.muq_check && result.muq_check->verdict() == Verdict::caution) {
        offer = result.muq_port;
    } else if (block && block->verdict == Verdict::caution) {
        offer = block->ports.front();
    }
    if (offer) {
        result.port = offer;
        result.check =
            offer == result.muq_port ? result.muq_check : checker_.check(*offer, result.protocols, result.instance);
    }
}

RangeSuggestion Suggester::free_ports(MuqBlock block, std::uint32_t instance, std::uint32_t count,
                                      const std::vector<std::string>& protocols) const {
    require_fit(policy_.muq, block, instance);
    if (count < 1) {
        throw UsageError("--count must be at least 1");
    }
    const auto range = shifted(policy_.muq, block, instance);
    RangeSuggestion result;
    result.block = block;
    result.instance = instance;
    result.range = db::PortRange{static_cast<std::uint16_t>(range.lo), static_cast<std::uint16_t>(range.hi)};
    result.protocols = protocols;
    result.targets = checker_.targets();

    // What holds for the whole block is said once, for the block.
    std::vector<std::pair<Level, std::string>> elsewhere;
    std::vector<db::PortRange> conflicts_said;  // ranges a block conflict already names
    for (const auto& rule : policy_.rules) {
        const auto cover = covering(rule, result.range);
        const bool every_protocol = std::all_of(protocols.begin(), protocols.end(),
                                                [&](const std::string& p) { return rule.applies_to_protocol(p); });
        if (rule.level < Level::caution || !cover || !every_protocol) {
            continue;
        }
        if (!rule.targets.weighed_by(result.targets)) {
            elsewhere.emplace_back(rule.level, rule.title);
            continue;
        }
        result.block_findings.push_back({rule.level, rule.targets, rule.id, "", rule.title,
                                         fmt::format("{} ({}-{})", rule.title, cover->lo, cover->hi), rule.message,
                                         "policy", rule.source, rule.historic});
        if (rule.level == Level::conflict) {
            conflicts_said.push_back(*cover);
        }
    }
    const auto& ephemeral = local_ != nullptr && local_->unavailable.empty() ? local_->ephemeral_range : std::nullopt;
    // A reserved port (ip_local_reserved_ports) inside the block is not an ephemeral one.
    const bool reserved_inside =
        local_ != nullptr &&
        std::any_of(local_->reserved_ports.begin(), local_->reserved_ports.end(),
                    [&](const db::PortRange& r) { return r.lo <= result.range.hi && result.range.lo <= r.hi; });
    if (ephemeral && ephemeral->lo <= result.range.lo && result.range.hi <= ephemeral->hi && !reserved_inside) {
        const TargetSet here{Target::linux_os};  // this machine's findings concern Linux (see Checker)
        // This machine's range is most often Linux's default: then it is said once, as the policy's.
        const bool said = std::any_of(conflicts_said.begin(), conflicts_said.end(), [&](const db::PortRange& r) {
            return r.lo == ephemeral->lo && r.hi == ephemeral->hi;
        });
        if (!said && here.weighed_by(result.targets)) {
            result.block_findings.push_back(
                {Level::conflict, here, "local-ephemeral-range", "", "this machine's ephemeral range",
                 fmt::format("this machine's ephemeral range ({}-{})", ephemeral->lo, ephemeral->hi),
                 fmt::format("the whole block is inside this machine's ephemeral range {}-{}", ephemeral->lo,
                             ephemeral->hi),
                 "local", "/proc/sys/net/ipv4/ip_local_port_range", false});
        } else if (!said) {
            elsewhere.emplace_back(Level::conflict, "this machine's ephemeral range");
        }
    }
    std::stable_sort(result.block_findings.begin(), result.block_findings.end(),
                     [](const Finding& a, const Finding& b) { return a.level > b.level; });
    std::stable_sort(elsewhere.begin(), elsewhere.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [level, title] : elsewhere) {
        if (std::find(result.elsewhere.begin(), result.elsewhere.end(), title) == result.elsewhere.end()) {
            result.elsewhere.push_back(title);
        }
    }

    // A block finding holds for every port: with a conflict among them no
    // port can do better, with a caution no port is ok.
    const auto block_level = result.block_findings.empty() ? Level::note : result.block_findings.front().level;
    if (block_level == Level::conflict) {
        return result;
    }
    // The same evaluation as `check`, port by port: a port offered as ok is
    // one `check` calls ok. Cautions are kept in case no port is ok.
    std::vector<std::uint16_t> cautions;
    checker_.scan(result.range.lo, result.range.hi, protocols, [&](std::uint16_t port, const CheckReport& report) {
        const auto verdict = report.verdict();
        if (verdict == Verdict::ok) {
            result.ports.push_back(port);
        } else if (verdict == Verdict::caution && cautions.size() < count) {
            cautions.push_back(port);
        }
        return result.ports.size() < count && (block_level == Level::note || cautions.size() < count);
    });
    if (!result.ports.empty()) {
        result.verdict = Verdict::ok;
    } else if (!cautions.empty()) {
        result.verdict = Verdict::caution;
        result.ports = std::move(cautions);
    }
    return result;
}

ExperimentalSuggestion Suggester::experimental(std::string_view phone,
                                               const std::vector<std::string>& protocols) const {
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
        throw UsageError(
            fmt::format("\"{}\" has {} digit{}; the Muq policy needs the last four digits of a phone number",
                        phone.substr(0, 40), digits.size(), digits.size() == 1 ? "" : "s"));
    }
    ExperimentalSuggestion result;
    result.digits = digits.substr(digits.size() - 4);
    const auto port = policy_.muq.experimental_prefix * 10000 + static_cast<std::uint32_t>(std::stoul(result.digits));
    if (port > 65535) {
        throw UsageError(
            fmt::format("experimental_prefix {} makes port {}, past 65535", policy_.muq.experimental_prefix, port));
    }
    result.port = static_cast<std::uint16_t>(port);
    result.check = checker_.check(port, protocols);
    return result;
}

}  // namespace portdb::query
