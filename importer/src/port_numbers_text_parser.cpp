#include "portdb/importer/port_numbers_text_parser.hpp"

#include "portdb/importer/errors.hpp"
#include "record_limits.hpp"
#include "record_rules.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace portdb::importer {
namespace {

using db::Assignment;
using detail::next_token;
using detail::trim;
using detail::trim_left;

constexpr std::array<std::string_view, 12> month_names{"January",   "February", "March",    "April",
                                                       "May",       "June",     "July",     "August",
                                                       "September", "October",  "November", "December"};

std::optional<int> month_number(std::string_view name) {
    for (std::size_t i = 0; i < month_names.size(); ++i) {
        if (month_names[i] == name) {
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

bool all_of(std::string_view text, int (*predicate)(int)) {
    for (const char c : text) {
        if (predicate(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return !text.empty();
}

/// "N", "N-M", optionally followed by "/proto": the Decimal column.
struct PortToken {
    detail::PortParse port;
    std::optional<std::string> protocol;
};

std::optional<PortToken> parse_port_token(std::string_view token) {
    const auto slash = token.find('/');
    PortToken result;
    if (slash != std::string_view::npos) {
        const auto protocol = token.substr(slash + 1);
        if (!all_of(protocol, [](int c) { return std::isalpha(c); })) {
            return std::nullopt;
        }
        std::string lower(protocol);
        for (char& c : lower) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        result.protocol = std::move(lower);
    }
    result.port = detail::parse_port_number(token.substr(0, slash));
    if (!result.port.range && !result.port.out_of_range) {
        return std::nullopt;
    }
    return result;
}

// RFC pagination (doc/formats.md §4.5): these lines are layout, never data, and
// never end an entry group.
bool is_pagination(std::string_view line) {
    if (!line.empty() && line.front() == '\f') {
        return true;
    }
    std::string_view rest = line;
    const auto first = next_token(rest);
    if (first == "Reynolds" && rest.find("[Page ") != std::string_view::npos && line.back() == ']') {
        return true;  // footer: "Reynolds & Postel      [Page 65]"
    }
    return first == "RFC" && line.find("Assigned Numbers") != std::string_view::npos;  // page header
}

// "WELL KNOWN PORT NUMBERS", "REFERENCES", "INTERNET MULTICAST ADDRESSES" ...
bool is_section_title(std::string_view line) {
    if (line.size() < 4 || detail::is_blank(line.front())) {
        return false;
    }
    bool letter = false;
    for (const char c : line) {
        if (std::isupper(static_cast<unsigned char>(c)) != 0) {
            letter = true;
        } else if (c != ' ' && c != '/' && c != '&' && c != '-' && c != '(' && c != ')') {
            return false;
        }
    }
    return letter;
}

bool is_column_header(std::string_view line) {
    std::string_view rest = line;
    return next_token(rest) == "Keyword" && next_token(rest) == "Decimal";
}

bool is_underline(std::string_view line) {
    return line.find("---") != std::string_view::npos && line.find_first_not_of("- \t") == std::string_view::npos;
}

bool is_contact_like(std::string_view text) {
    const auto open = text.find('<');
    return text.find('@') != std::string_view::npos ||
           (open != std::string_view::npos && text.find('>', open) != std::string_view::npos);
}

bool is_no_contact_marker(std::string_view text) { return text == "<---none--->" || text == "<--none--->"; }

class TextParser {
public:
    TextParser(std::string_view bytes, std::string_view source_name)
        : text_(detail::to_utf8(bytes)), source_(source_name) {}

    ParsedSource parse();

private:
    enum class State { outside, seek_header, seek_underline, in_list };
    enum class Last { other, entry, continuation };

    // A run of consecutive entry lines, or one status or commented-out line, and
    // the annotation lines that follow it; they apply to the whole run.
    struct Item {
        std::vector<std::size_t> records;
        std::vector<std::string> annotations;    ///< the lines after it: for every record of the item
        std::vector<std::string> leading_notes;  ///< banners and "The following ..." before it: for its first record
        bool is_run = false;
    };

    std::string text_;
    std::string_view source_;
    ParsedSource result_;
    State state_ = State::outside;
    Last last_ = Last::other;
    Item item_;
    std::vector<std::string> pending_notes_;  // banners and "The following ..." notes, waiting for the next item
    std::size_t lists_seen_ = 0;
    std::size_t line_number_ = 0;

    void warn(std::string_view message) { result_.warnings.push_back(detail::at_line(source_, line_number_, message)); }
    [[noreturn]] void fail(std::string_view message) const {
        throw ParseError(detail::at_line(source_, line_number_, message));
    }

    void read_registry_date(std::string_view line);
    void handle_list_line(std::string_view line);
    void handle_marked_line(std::string_view line);
    void handle_indented_line(std::string_view line);
    void handle_unindented_line(std::string_view line);
    void handle_text(std::string_view text);
    void add_entry(std::optional<std::string> keyword, const PortToken& port, std::string_view description);
    void add_single(Assignment record);
    Assignment make_record(std::optional<std::string> keyword, const PortToken& port, std::string_view description);
    void start_item(bool is_run);
    void close_item();
};

void TextParser::read_registry_date(std::string_view line) {
    if (result_.registry_date) {
        return;
    }
    // "(last updated 22 December 2005)" in the IANA file.
    if (const auto at = line.find("last updated "); at != std::string_view::npos) {
        std::string_view rest = line.substr(at + 13);
        const auto day = next_token(rest);
        const auto month = month_number(next_token(rest));
        auto year = next_token(rest);
        if (!year.empty() && year.back() == ')') {
            year.remove_suffix(1);
        }
        if (month && all_of(day, [](int c) { return std::isdigit(c); }) && day.size() <= 2 && year.size() == 4) {
            result_.registry_date = fmt::format("{}-{:02}-{:02}", year, *month, std::stoi(std::string(day)));
        }
        return;
    }
    // "RFC 1700    Assigned Numbers    October 1994", the RFC's page header.
    std::string_view rest = line;
    if (next_token(rest) == "RFC" && line.find("Assigned Numbers") != std::string_view::npos) {
        const auto year_at = line.find_last_of(' ');
        const auto year = line.substr(year_at + 1);
        const auto before = trim(line.substr(0, year_at));
        const auto month = month_number(before.substr(before.find_last_of(' ') + 1));
        if (month && year.size() == 4 && all_of(year, [](int c) { return std::isdigit(c); })) {
            result_.registry_date = fmt::format("{}-{:02}", year, *month);
        }
    }
}

ParsedSource TextParser::parse() {
    result_.kind = db::SourceKind::port_numbers_text;
    for (const auto raw : detail::split_lines(text_)) {
        ++line_number_;
        const std::string_view line = detail::trim_right(raw);
        if (state_ != State::in_list) {
            read_registry_date(line);
        }
        if (is_pagination(line)) {
            continue;
        }
        if (is_section_title(line) || line == "[]" || line.rfind("URL = ", 0) == 0) {
            if (state_ == State::in_list) {
                close_item();
            }
            state_ = line.find("PORT NUMBERS") != std::string_view::npos ? State::seek_header : State::outside;
            continue;
        }
        switch (state_) {
            case State::outside:
                break;
            case State::seek_header:
                if (is_column_header(line)) {
                    state_ = State::seek_underline;
                }
                break;
            case State::seek_underline:
                if (is_underline(line)) {
                    state_ = State::in_list;
                    ++lists_seen_;
                }
                break;
            case State::in_list:
                handle_list_line(line);
                break;
        }
    }
    close_item();
    if (lists_seen_ == 0) {
        throw ParseError(
            fmt::format("{}: no port list found: expected a \"WELL KNOWN PORT NUMBERS\" or "
                        "\"REGISTERED PORT NUMBERS\" section with a Keyword/Decimal column header",
                        source_));
    }
    for (const auto& note : pending_notes_) {
        result_.warnings.push_back(fmt::format("{}: note after the last entry kept nowhere: {}", source_, note));
    }
    return std::move(result_);
}

void TextParser::handle_list_line(std::string_view line) {
    if (trim(line).empty() || is_column_header(line) || is_underline(line)) {
        return;  // blank lines never end an item; headers may repeat
    }
    if (line.front() == '#' || line.front() == '*') {
        handle_marked_line(line);
    } else if (detail::is_blank(line.front())) {
        handle_indented_line(line);
    } else {
        handle_unindented_line(line);
    }
}

// Lines starting with '#' (status, commented-out entry, contact, note, banner) or '*' (status).
void TextParser::handle_marked_line(std::string_view line) {
    if (line.rfind("##", 0) == 0) {
        // A banner ("###### PORT 90 also being used unofficially ... ####"): a free
        // note that introduces what follows, never a contact of what precedes.
        close_item();
        std::string_view text = trim(line.substr(
            line.find_first_not_of('#') == std::string_view::npos ? line.size() : line.find_first_not_of('#')));
        while (!text.empty() && text.back() == '#') {
            text.remove_suffix(1);
        }
        if (!trim(text).empty()) {
            pending_notes_.emplace_back(trim(text));
        }
        last_ = Last::other;
        return;
    }
    const std::string_view body = line.substr(1);
    std::string_view rest = body;
    if (const auto port = parse_port_token(next_token(rest))) {
        // "# 4/tcp Unassigned", "# 1001-1009 Unassigned", "* 10108-10112 Unassigned"
        auto record = make_record(std::nullopt, *port, trim(rest));
        add_single(std::move(record));
        return;
    }
    if (line.front() == '#' && !body.empty() && !detail::is_blank(body.front())) {
        rest = body;
        const auto keyword = next_token(rest);
        const auto port = parse_port_token(next_token(rest));
        if (port && port->protocol) {
            // "#unitary 126/tcp ...": history kept out of the active assignments.
            auto record = make_record(std::string(keyword), *port, trim(rest));
            record.active = false;
            detail::add_flag(record, "commented-out");
            add_single(std::move(record));
            return;
        }
    }
    if (line.front() == '*') {
        warn(fmt::format("line starting with '*' is not a status line; kept as a note: {}", trim(body)));
    }
    handle_text(trim(body));
}

// Indented lines: keyword-less entries ("  0/tcp  Reserved") or text.
void TextParser::handle_indented_line(std::string_view line) {
    std::string_view rest = line;
    const auto port = parse_port_token(next_token(rest));
    if (port && port->protocol) {
        add_entry(std::nullopt, *port, trim(rest));
        return;
    }
    handle_text(trim(line));  // counts like a '#' line (doc/formats.md §3.3 rule 5)
}

void TextParser::handle_unindented_line(std::string_view line) {
    std::string_view rest = line;
    const auto keyword = next_token(rest);
    std::string_view after_port = rest;
    const auto port = parse_port_token(next_token(after_port));
    if (port) {
        add_entry(std::string(keyword), *port, trim(after_port));  // with or without a protocol
        return;
    }
    if (all_of(line, [](int c) { return std::isdigit(c); })) {
        warn(fmt::format("a bare number \"{}\" with no keyword or protocol; skipped", line));
        last_ = Last::other;
        return;
    }
    // A keyword with an inner blank: everything before the first "N/proto" token.
    std::string_view scan = rest;
    while (!trim(scan).empty()) {
        const auto token_start = trim_left(scan);
        std::string_view after = token_start;
        const auto token = next_token(after);
        const auto later_port = parse_port_token(token);
        if (later_port && later_port->protocol) {
            const auto spaced_keyword =
                trim(line.substr(0, static_cast<std::size_t>(token_start.data() - line.data())));
            warn(fmt::format("keyword \"{}\" contains a blank; read as one keyword", spaced_keyword));
            add_entry(std::string(spaced_keyword), *later_port, trim(after));
            return;
        }
        scan = after;
    }
    handle_text(trim(line));  // e.g. an unindented description continuation
}

Assignment TextParser::make_record(std::optional<std::string> keyword, const PortToken& port,
                                   std::string_view description) {
    if (port.port.out_of_range) {
        fail("port number is out of range (0-65535)");
    }
    Assignment record;
    record.position = static_cast<std::uint32_t>(line_number_);
    record.name = std::move(keyword);
    record.ports = port.port.range;
    record.protocol = port.protocol;
    record.description = std::string(description);
    record.status = record.name ? db::Status::assigned : detail::status_from_text(description);
    if (port.port.inverted) {
        warn(fmt::format("inverted port range {}-{} read as {}-{}", record.ports->hi, record.ports->lo,
                         record.ports->lo, record.ports->hi));
        detail::add_flag(record, "inverted-range");
    }
    if (port.port.written_as_range && !record.ports->is_range()) {
        detail::add_flag(record, "degenerate-range");
    }
    return record;
}

void TextParser::add_entry(std::optional<std::string> keyword, const PortToken& port, std::string_view description) {
    auto record = make_record(std::move(keyword), port, description);
    if (!item_.is_run || last_ != Last::entry) {  // any '#' line between entries ends the run
        start_item(true);
    }
    item_.records.push_back(result_.assignments.size());
    detail::add_record(result_.assignments, std::move(record), source_, line_number_);
    last_ = Last::entry;
}

void TextParser::add_single(Assignment record) {
    start_item(false);
    item_.records.push_back(result_.assignments.size());
    detail::add_record(result_.assignments, std::move(record), source_, line_number_);
    last_ = Last::other;
}

void TextParser::handle_text(std::string_view text) {
    if (text.empty()) {
        return;
    }
    // The BSD block 512-520 wraps descriptions onto '#' lines that look like
    // contacts; they start in lower case and carry no address (doc/formats.md §3.1).
    const bool lower = std::islower(static_cast<unsigned char>(text.front())) != 0;
    if ((last_ == Last::entry || last_ == Last::continuation) && lower && !is_contact_like(text) &&
        !item_.records.empty()) {
        auto& description = result_.assignments[item_.records.back()].description;
        description += description.empty() ? "" : " ";
        description += text;
        last_ = Last::continuation;
        return;
    }
    last_ = Last::other;
    if (text.rfind("The following", 0) == 0) {
        pending_notes_.emplace_back(text);  // it describes the next entries
        return;
    }
    if (item_.records.empty()) {
        pending_notes_.emplace_back(text);
        return;
    }
    item_.annotations.emplace_back(text);
}

void TextParser::start_item(bool is_run) {
    close_item();
    item_.is_run = is_run;
    item_.leading_notes = std::move(pending_notes_);
    pending_notes_.clear();
}

void TextParser::close_item() {
    if (item_.records.empty()) {
        item_ = Item{};
        return;
    }
    const auto& last_name = result_.assignments[item_.records.back()].name;
    for (const auto& note : item_.leading_notes) {
        detail::append_note(result_.assignments[item_.records.front()].note, note);
    }
    std::vector<std::string> notes;
    std::vector<db::Contact> contacts;
    for (std::size_t i = 0; i < item_.annotations.size(); ++i) {
        const std::string& line = item_.annotations[i];
        if (is_no_contact_marker(line)) {
            continue;  // "<---none--->": the registry's way of saying "no contact"
        }
        if (!is_contact_like(line)) {
            const bool split_contact = i + 1 < item_.annotations.size() && item_.annotations[i + 1].front() == '<' &&
                                       is_contact_like(item_.annotations[i + 1]);
            if (split_contact) {  // "Donald G. Kallgren" / "<Donald.Kallgren@...>"
                contacts.push_back(detail::contact_from_text(line + " " + item_.annotations[i + 1]));
                ++i;
            } else {
                notes.push_back(line);
            }
            continue;
        }
        contacts.push_back(detail::contact_from_text(line));
    }
    for (const auto index : item_.records) {
        Assignment& record = result_.assignments[index];
        for (const auto& note : notes) {
            detail::append_note(record.note, note);
        }
        for (auto contact : contacts) {
            contact.direct = record.name == last_name;
            record.contacts.push_back(std::move(contact));
        }
        // Every record of the group gets every note and contact: bound each one.
        detail::check_record_size(record, source_, line_number_);
    }
    item_ = Item{};
}

}  // namespace

ParsedSource parse_port_numbers_text(std::string_view bytes, std::string_view source_name) {
    return TextParser(bytes, source_name).parse();
}

}  // namespace portdb::importer
