#include "portdb/importer/iana_csv_parser.hpp"

#include "portdb/importer/errors.hpp"
#include "record_limits.hpp"
#include "record_rules.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <map>

namespace portdb::importer {
namespace {

using detail::trim;

struct CsvRow {
    std::size_t line = 0;  ///< physical line where the row starts
    std::vector<std::string> fields;
};

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<CsvRow> read_csv(std::string_view text, std::string_view source_name) {
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    std::size_t line = 1;
    std::size_t quote_line = 0;
    bool quoted = false;
    bool field_started = false;
    row.line = 1;
    const auto end_field = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    const auto end_row = [&] {
        end_field();
        const bool blank = row.fields.size() == 1 && row.fields[0].empty();
        if (!blank) {
            rows.push_back(std::move(row));
        }
        row = CsvRow{};
        row.line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                line += c == '\n' ? 1 : 0;
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = true;
            field_started = true;
            quote_line = line;
        } else if (c == ',') {
            end_field();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            ++line;
            end_row();
        } else {
            field += c;
            field_started = true;
        }
    }
    if (quoted) {
        throw ParseError(detail::at_line(source_name, quote_line, "a quoted field is never closed"));
    }
    if (field_started || !row.fields.empty()) {
        end_row();
    }
    return rows;
}

// "[Jon_Postel][Joe_Touch]" -> {"Jon_Postel", "Joe_Touch"}; text outside brackets is kept whole.
std::vector<std::string> bracketed_tokens(std::string_view text) {
    std::vector<std::string> tokens;
    text = trim(text);
    while (!text.empty()) {
        if (text.front() != '[') {
            tokens.emplace_back(trim(text));
            break;
        }
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            tokens.emplace_back(trim(text.substr(1)));
            break;
        }
        tokens.emplace_back(trim(text.substr(1, close - 1)));
        text = trim(text.substr(close + 1));
    }
    return tokens;
}

db::Reference reference_from_token(const std::string& token) {
    const auto lower_prefix = [&](std::string_view prefix) { return detail::starts_with_ignoring_case(token, prefix); };
    const bool all_digits = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (all_digits) {
        return {"note", token};  // "[1]" is the registry's footnote, not RFC 1
    }
    if (lower_prefix("rfc") && token.size() > 3 && token.find_first_not_of("0123456789", 3) == std::string::npos) {
        return {"rfc", "rfc" + token.substr(3)};  // same spelling as the XML's data="rfc6335"
    }
    if (lower_prefix("rfc-") || lower_prefix("draft-")) {
        return {"draft", token};
    }
    if (lower_prefix("http://") || lower_prefix("https://") || lower_prefix("ftp://")) {
        return {"uri", token};
    }
    return {"text", token};
}

class CsvParser {
public:
    CsvParser(std::string_view bytes, std::string_view source_name)
        : text_(detail::to_utf8(bytes)), source_(source_name) {}

    ParsedSource parse() {
        result_.kind = db::SourceKind::iana_csv;
        std::string_view text = text_;
        if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
            text.remove_prefix(3);
        }
        auto rows = read_csv(text, source_);
        if (rows.empty()) {
            throw ParseError(fmt::format("{}: no header row", source_));
        }
        read_header(rows.front());
        for (std::size_t i = 1; i < rows.size(); ++i) {
            read_row(rows[i], i);
        }
        return std::move(result_);
    }

private:
    std::string text_;
    std::string_view source_;
    ParsedSource result_;
    std::map<std::string, std::size_t, std::less<>> columns_;
    std::size_t width_ = 0;

    void read_header(const CsvRow& header) {
        width_ = header.fields.size();
        for (std::size_t i = 0; i < header.fields.size(); ++i) {
            columns_.emplace(std::string(trim(header.fields[i])), i);
        }
        for (const char* required : {"Service Name", "Port Number", "Transport Protocol", "Description"}) {
            if (!columns_.contains(required)) {
                throw ParseError(
                    detail::at_line(source_, header.line, fmt::format("the header has no \"{}\" column", required)));
            }
        }
    }

    [[nodiscard]] std::string_view field(const CsvRow& row, std::string_view column) const {
        const auto found = columns_.find(column);
        return found == columns_.end() ? std::string_view{} : trim(std::string_view(row.fields[found->second]));
    }

    std::optional<db::PartialDate> date(const CsvRow& row, std::string_view column, std::size_t index) const {
        const auto text = field(row, column);
        if (text.empty()) {
            return std::nullopt;
        }
        const auto parsed = db::PartialDate::parse(text);
        if (!parsed) {
            fail(row, index, fmt::format("{} \"{}\" is not YYYY-MM or YYYY-MM-DD", column, text));
        }
        return parsed;
    }

    [[noreturn]] void fail(const CsvRow& row, std::size_t index, std::string_view message) const {
        throw ParseError(fmt::format("{}:{}: record {}: {}", source_, row.line, index, message));
    }

    void read_row(const CsvRow& row, std::size_t index) {
        if (row.fields.size() != width_) {
            fail(row, index, fmt::format("{} fields, but the header has {}", row.fields.size(), width_));
        }
        db::Assignment a;
        a.position = static_cast<std::uint32_t>(index);
        if (const auto name = field(row, "Service Name"); !name.empty()) {
            a.name = std::string(name);
        }
        if (const auto protocol = field(row, "Transport Protocol"); !protocol.empty()) {
            a.protocol = std::string(protocol);
        }
        if (const auto number = field(row, "Port Number"); !number.empty()) {
            const auto port = detail::parse_port_number(number);
            if (!port.range || port.inverted) {
                fail(row, index,
                     port.out_of_range ? fmt::format("port number \"{}\" is out of range (0-65535)", number)
                                       : fmt::format("port number \"{}\" is not N or N-M", number));
            }
            a.ports = port.range;
            if (port.written_as_range && !port.range->is_range()) {
                detail::add_flag(a, "degenerate-range");
            }
        }
        if (!a.name && !a.ports) {
            fail(row, index, "a row with neither a service name nor a port number");
        }
        // IANA's CSV keeps some XML indentation after line breaks (doc/formats.md §2.2); real breaks stay.
        a.description = detail::unwrap_indented_lines(field(row, "Description"));
        a.note = std::string(field(row, "Assignment Notes"));
        a.alias_of = detail::alias_target(a.note);
        a.unauthorized = std::string(field(row, "Unauthorized Use Reported"));
        a.registered = date(row, "Registration Date", index);
        a.modified = date(row, "Modification Date", index);
        if (const auto code = field(row, "Service Code"); !code.empty()) {
            std::int64_t value = 0;
            const auto [end, error] = std::from_chars(code.data(), code.data() + code.size(), value);
            if (error != std::errc{} || end != code.data() + code.size()) {
                fail(row, index, fmt::format("service code \"{}\" is not a decimal number", code));
            }
            a.service_code = value;
        }
        const auto contacts = bracketed_tokens(field(row, "Contact"));
        for (const auto& id : contacts) {
            a.contacts.push_back({db::ContactRole::contact, id, "", "", "", true});
        }
        // The CSV copies the contact into Assignee when the XML has no assignee
        // (doc/formats.md §2.2); an Assignee equal to the Contact says nothing more.
        const auto assignees = bracketed_tokens(field(row, "Assignee"));
        if (assignees != contacts) {
            for (const auto& id : assignees) {
                a.contacts.push_back({db::ContactRole::assignee, id, "", "", "", true});
            }
        }
        for (const auto& token : bracketed_tokens(field(row, "Reference"))) {
            a.references.push_back(reference_from_token(token));
        }
        a.status = a.name ? db::Status::assigned : detail::status_from_text(a.description);
        detail::add_record(result_.assignments, std::move(a), source_, row.line);
    }
};

}  // namespace

ParsedSource parse_iana_csv(std::string_view bytes, std::string_view source_name) {
    return CsvParser(bytes, source_name).parse();
}

}  // namespace portdb::importer
