#include "portdb/importer/defacto_list_parser.hpp"

#include "portdb/importer/errors.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

namespace portdb::importer {
namespace {

constexpr std::array<std::string_view, 14> categories{"database",  "messaging", "monitoring", "cluster", "web",
                                                      "devserver", "game",      "printing",   "media",   "iot",
                                                      "network",   "security",  "storage",    "other"};

class EntryReader {
public:
    EntryReader(const toml::table& entry, std::string_view source_name)
        : entry_(entry), where_(fmt::format("{}:{}", source_name, entry.source().begin.line)) {}

    [[noreturn]] void fail(std::string_view field, std::string_view problem) const {
        throw ParseError(fmt::format("{}: [[default]] {}: {}", where_, field, problem));
    }

    std::string text(std::string_view field) const {
        const auto value = entry_[field].value<std::string>();
        if (!value || value->empty()) {
            fail(field, "missing, or not a non-empty string");
        }
        return *value;
    }

    std::vector<std::string> protocols() const {
        const auto* list = entry_["protocols"].as_array();
        std::vector<std::string> out;
        if (list != nullptr) {
            for (const auto& item : *list) {
                const auto word = item.value<std::string>();
                if (!word || (*word != "tcp" && *word != "udp" && *word != "sctp")) {
                    fail("protocols", "each must be \"tcp\", \"udp\" or \"sctp\"");
                }
                out.push_back(*word);
            }
        }
        if (out.empty()) {
            fail("protocols", "missing or empty: give [\"tcp\"], [\"udp\"] or both");
        }
        return out;
    }

    db::PortRange ports() const {
        const auto text_value = text("ports");
        const auto dash = text_value.find('-');
        const auto number = [&](std::string_view digits) {
            unsigned value = 0;
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
            if (error != std::errc{} || end != digits.data() + digits.size() || value < 1 || value > 65535) {
                fail("ports", fmt::format("\"{}\" is not N or N-M with ports 1-65535", text_value));
            }
            return static_cast<std::uint16_t>(value);
        };
        const std::string_view all(text_value);
        const db::PortRange range{number(all.substr(0, dash)),
                                  dash == std::string_view::npos ? number(all) : number(all.substr(dash + 1))};
        if (range.lo > range.hi) {
            fail("ports", fmt::format("\"{}\" runs backwards", text_value));
        }
        return range;
    }

private:
    const toml::table& entry_;
    std::string where_;
};

// toml++ 3.3 reaches undefined behaviour on some non-ASCII bytes outside
// strings (found by fuzzing the policy file); this list is ours: ASCII only.
void require_ascii(std::string_view bytes, std::string_view source_name) {
    const auto bad =
        std::find_if(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (bad != bytes.end()) {
        const auto line = 1 + std::count(bytes.begin(), bad, '\n');
        throw ParseError(fmt::format("{}:{}: a non-ASCII byte: the de-facto list is ASCII", source_name, line));
    }
}

}  // namespace

ParsedSource parse_defacto_list(std::string_view bytes, std::string_view source_name) {
    require_ascii(bytes, source_name);
    toml::table document;
    try {
        document = toml::parse(bytes, source_name);
    } catch (const toml::parse_error& error) {
        throw ParseError(fmt::format("{}:{}: {}", source_name, error.source().begin.line, error.description()));
    }
    const auto* entries = document["default"].as_array();
    if (entries == nullptr || entries->empty()) {
        throw ParseError(fmt::format("{}: no [[default]] entries", source_name));
    }
    ParsedSource result;
    result.kind = db::SourceKind::defacto_list;
    std::set<std::string> names;
    std::uint32_t position = 0;
    for (const auto& node : *entries) {
        const auto* table = node.as_table();
        if (table == nullptr) {
            throw ParseError(fmt::format("{}: \"default\" must be an array of tables ([[default]])", source_name));
        }
        const EntryReader entry(*table, source_name);
        const auto name = entry.text("name");
        if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.+-") != std::string::npos) {
            entry.fail("name", fmt::format("\"{}\" is not a lower-case identifier", name));
        }
        if (!names.insert(name).second) {
            entry.fail("name", fmt::format("\"{}\" appears twice", name));
        }
        const auto software = entry.text("software");
        const auto role = entry.text("role");
        const auto category = entry.text("category");
        if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
            entry.fail("category", fmt::format("\"{}\" is not one of the documented categories", category));
        }
        const auto source = entry.text("source");
        if (source.rfind("https://", 0) != 0) {
            entry.fail("source", "must be an https URL of the software's own documentation");
        }
        const auto verified = (*table)["verified"].value<bool>();
        if (!verified) {
            entry.fail("verified", "missing, or not true or false");
        }
        const auto ports = entry.ports();
        ++position;
        for (const auto& protocol : entry.protocols()) {
            db::Assignment a;
            a.name = name;
            a.ports = ports;
            a.protocol = protocol;
            // "Prometheus server: web UI" already names the software; "HTTP interface" does not.
            a.description = role.rfind(software, 0) == 0 ? role : fmt::format("{}: {}", software, role);
            a.references.push_back({"uri", source});
            a.note = category;
            a.flags = *verified ? "" : "unverified";
            a.position = position;
            result.assignments.push_back(std::move(a));
        }
    }
    return result;
}

}  // namespace portdb::importer
