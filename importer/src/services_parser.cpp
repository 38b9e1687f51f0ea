#include "portdb/importer/services_parser.hpp"

#include "portdb/importer/errors.hpp"
#include "record_limits.hpp"
#include "record_rules.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>

#include <cctype>

namespace portdb::importer {
namespace {

using detail::next_token;
using detail::trim;

// services(5): a '#' starts a comment at the start of a line or after a blank.
std::size_t comment_start(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '#' && (i == 0 || detail::is_blank(line[i - 1]))) {
            return i;
        }
    }
    return std::string_view::npos;
}

bool is_protocol_word(std::string_view word) {
    if (word.empty()) {
        return false;
    }
    for (const char c : word) {
        if (std::islower(static_cast<unsigned char>(c)) == 0 && std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return true;
}

}  // namespace

ParsedSource parse_services(std::string_view bytes, std::string_view source_name) {
    ParsedSource result;
    result.kind = db::SourceKind::services;
    const std::string text = detail::to_utf8(bytes);
    std::size_t line_number = 0;
    for (const auto line : detail::split_lines(text)) {
        ++line_number;
        const auto hash = comment_start(line);
        const auto content = trim(line.substr(0, hash));
        if (content.empty()) {
            continue;
        }
        const auto fail = [&](std::string_view message) {
            throw ParseError(detail::at_line(source_name, line_number, message));
        };
        std::string_view rest = content;
        const auto name = next_token(rest);
        const auto port_field = next_token(rest);
        // "80/tcp", and Wireshark's merged "9/tcp/udp/sctp/dccp" and "6000-6063/tcp/udp".
        const auto slash = port_field.find('/');
        if (port_field.empty() || slash == std::string_view::npos) {
            fail(fmt::format("expected \"NAME PORT/PROTOCOL [ALIAS...]\", got \"{}\"", content));
        }
        const auto port = detail::parse_port_number(port_field.substr(0, slash));
        if (!port.range || port.inverted) {
            fail(port.out_of_range ? fmt::format("port \"{}\" is out of range (0-65535)", port_field.substr(0, slash))
                                   : fmt::format("\"{}\" is not PORT/PROTOCOL", port_field));
        }
        std::vector<std::string> aliases;
        while (!trim(rest).empty()) {
            aliases.emplace_back(next_token(rest));
        }
        const std::string comment(hash == std::string_view::npos ? std::string_view{} : trim(line.substr(hash + 1)));
        std::string_view protocols = port_field.substr(slash + 1);
        do {
            const auto next = protocols.find('/');
            const auto protocol = protocols.substr(0, next);
            if (!is_protocol_word(protocol)) {
                fail(fmt::format("\"{}\" is not a protocol name in \"{}\"", protocol, port_field));
            }
            db::Assignment a;
            a.position = static_cast<std::uint32_t>(line_number);
            a.name = std::string(name);
            a.ports = port.range;
            a.protocol = std::string(protocol);
            a.description = comment;
            a.aliases = aliases;
            detail::add_record(result.assignments, std::move(a), source_name, line_number);
            protocols = next == std::string_view::npos ? std::string_view{} : protocols.substr(next + 1);
        } while (!protocols.empty());
    }
    return result;
}

}  // namespace portdb::importer
