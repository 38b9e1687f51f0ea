#include "portdb/importer/nmap_services_parser.hpp"

#include "portdb/importer/errors.hpp"
#include "record_limits.hpp"
#include "record_rules.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace portdb::importer {

ParsedSource parse_nmap_services(std::string_view bytes, std::string_view source_name) {
    ParsedSource result;
    result.kind = db::SourceKind::nmap_services;
    const std::string text = detail::to_utf8(bytes);
    std::size_t line_number = 0;
    for (const auto line : detail::split_lines(text)) {
        ++line_number;
        if (detail::trim(line).empty() || line.front() == '#') {
            continue;
        }
        const auto fail = [&](std::string_view message) {
            throw ParseError(detail::at_line(source_name, line_number, message));
        };
        // Tab-separated: name, port/proto, frequency, then an optional comment
        // that may itself contain tabs and '#' (it is not split again).
        std::string_view rest = line;
        std::array<std::string_view, 3> fields;
        for (auto& field : fields) {
            const auto tab = rest.find('\t');
            field = rest.substr(0, tab);
            rest = tab == std::string_view::npos ? std::string_view{} : rest.substr(tab + 1);
        }
        if (fields[2].empty()) {
            fail("expected \"NAME<TAB>PORT/PROTOCOL<TAB>FREQUENCY[<TAB># COMMENT]\"");
        }
        const auto slash = fields[1].find('/');
        const auto port = detail::parse_port_number(fields[1].substr(0, slash));
        if (slash == std::string_view::npos || !port.range || port.range->is_range() || slash + 1 == fields[1].size()) {
            fail(port.out_of_range ? fmt::format("port \"{}\" is out of range (0-65535)", fields[1].substr(0, slash))
                                   : fmt::format("\"{}\" is not PORT/PROTOCOL", fields[1]));
        }
        double frequency = 0;
        const auto [end, error] = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), frequency);
        if (error != std::errc{} || end != fields[2].data() + fields[2].size() || frequency < 0 || frequency > 1) {
            fail(fmt::format("frequency \"{}\" is not a number between 0 and 1", fields[2]));
        }
        std::string_view comment = detail::trim(rest);
        if (!comment.empty() && comment.front() == '#') {
            comment = detail::trim(comment.substr(1));
        }
        db::Assignment a;
        a.position = static_cast<std::uint32_t>(line_number);
        if (fields[0] != "unknown") {  // nmap's filler for ports it has no name for
            a.name = std::string(fields[0]);
        } else {
            a.status = db::Status::other;
        }
        a.ports = port.range;
        a.protocol = std::string(fields[1].substr(slash + 1));
        a.frequency = frequency;
        a.description = std::string(comment);
        detail::add_record(result.assignments, std::move(a), source_name, line_number);
    }
    return result;
}

}  // namespace portdb::importer
