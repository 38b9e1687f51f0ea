#include "portdb/query/exporter.hpp"

#include "portdb/query/assignment_json.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <algorithm>

#include <string>
#include <unordered_set>

namespace portdb::query {
namespace {

std::string one_line(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    return out;
}

// Writes each (name, port, protocol) once; the counts go last, as a comment,
// since they are known only once every row has streamed past.
class ServicesWriter {
public:
    explicit ServicesWriter(std::ostream& out) : out_(out) {
        out_ << "# services(5) written by portdb: one line per name, port and protocol (counts at the end)\n";
    }

    void operator()(const db::StoredAssignment& row) {
        const auto& a = row.assignment;
        if (!a.active || !a.name) {
            return;  // history and status statements are not services
        }
        // services(5) has no field for these: no protocol or port, or a name
        // with a blank (the 2005 list's "intuitive edge") or a leading '#'.
        if (!a.protocol || !a.ports || a.name->find_first_of(" \t") != std::string::npos || a.name->front() == '#') {
            ++skipped_;
            return;
        }
        std::string line;
        for (std::uint32_t port = a.ports->lo; port <= a.ports->hi; ++port) {
            // The key is small (a few bytes past the name): what stays in memory per line written.
            std::string key = *a.name;
            key += '\0';
            key += *a.protocol;
            key += static_cast<char>(port >> 8U);
            key += static_cast<char>(port & 0xFFU);
            if (!written_.insert(std::move(key)).second) {
                continue;
            }
            line = fmt::format("{}\t{}/{}", *a.name, port, *a.protocol);
            for (const auto& alias : a.aliases) {
                line += " " + alias;
            }
            const auto description = one_line(a.description.substr(0, a.description.find('\n')));
            if (!description.empty()) {
                line += "\t# " + description;
            }
            line += '\n';
            out_ << line;
        }
    }

    void finish() {
        out_ << fmt::format("# {} lines", written_.size());
        if (skipped_ > 0) {
            out_ << fmt::format(
                "; {} named rows without a protocol or port, or whose name has a blank, cannot be "
                "written in this format",
                skipped_);
        }
        out_ << '\n';
    }

private:
    std::ostream& out_;
    std::unordered_set<std::string> written_;
    std::size_t skipped_ = 0;
};

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
        return std::string(text);
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c == '"' ? "\"\"" : std::string(1, c);
    }
    return quoted + "\"";
}

std::string people_field(const db::Assignment& a, db::ContactRole role) {
    std::string field;
    for (const auto& c : a.contacts) {
        if (c.role == role) {
            field += "[" + (c.person_id.empty() ? (c.name.empty() ? c.email : c.name) : c.person_id) + "]";
        }
    }
    return field;
}

std::string reference_field(const db::Assignment& a) {
    std::string field;
    for (const auto& r : a.references) {
        field += "[" + (r.kind == "rfc" && r.value.rfind("rfc", 0) == 0 ? "RFC" + r.value.substr(3) : r.value) + "]";
    }
    return field;
}

void write_csv_header(std::ostream& out) {
    out << "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
           "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n";
}

void write_csv_row(const db::StoredAssignment& row, std::ostream& out) {
    const auto& a = row.assignment;
    if (!a.active) {
        return;
    }
    const std::string ports = !a.ports              ? ""
                              : a.ports->is_range() ? fmt::format("{}-{}", a.ports->lo, a.ports->hi)
                                                    : fmt::format("{}", a.ports->lo);
    const std::string contact = people_field(a, db::ContactRole::contact);
    const std::string assignee = people_field(a, db::ContactRole::assignee);
    fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(a.name.value_or("")), ports,
               csv_field(a.protocol.value_or("")), csv_field(a.description),
               csv_field(assignee.empty() ? contact : assignee), csv_field(contact),
               a.registered ? a.registered->to_string() : "", a.modified ? a.modified->to_string() : "",
               csv_field(reference_field(a)), a.service_code ? std::to_string(*a.service_code) : "",
               csv_field(a.unauthorized), csv_field(a.note));
}

// Invalid UTF-8 (a damaged database) is written as U+FFFD rather than failing the export.
std::string dumped(const nlohmann::json& value) {
    return value.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// `text` with `spaces` more indentation on every line but the first.
std::string indented(const std::string& text, std::size_t spaces) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        out += c;
        if (c == '\n') {
            out.append(spaces, ' ');
        }
    }
    return out;
}

// The document nlohmann::json{{"sources", ...}, {"assignments", [...]}}.dump(1)
// would write, byte for byte, written one row at a time.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out) : out_(out) { out_ << "{\n \"assignments\": ["; }

    void operator()(const db::StoredAssignment& row) {
        out_ << (rows_++ == 0 ? "\n  " : ",\n  ") << indented(dumped(assignment_json(row)), 2);
    }

    void finish(const SourceSet& selected) {
        nlohmann::json sources = nlohmann::json::array();
        for (const auto& s : selected.all()) {
            const auto& ids = selected.selected_ids();
            if (std::find(ids.begin(), ids.end(), s.id) != ids.end()) {
                sources.push_back(source_json(s));
            }
        }
        out_ << (rows_ == 0 ? "]" : "\n ]") << ",\n \"sources\": " << indented(dumped(sources), 1) << "\n}\n";
    }

private:
    std::ostream& out_;
    std::size_t rows_ = 0;
};

/// Thrown from a row callback to stop reading once the output has failed.
struct OutputFailed {};

}  // namespace

std::optional<ExportFormat> export_format_from_string(std::string_view word) {
    if (word == "services") {
        return ExportFormat::services;
    }
    if (word == "csv") {
        return ExportFormat::csv;
    }
    if (word == "json") {
        return ExportFormat::json;
    }
    return std::nullopt;
}

void export_database(const db::Database& database, ExportFormat format, const SourceSelection& selection,
                     std::ostream& out) {
    const SourceSet selected(database, selection);
    const auto for_each_row = [&](auto&& write) {
        try {
            database.for_each_assignment(std::nullopt, [&](const db::StoredAssignment& row) {
                if (!selected.selected(row)) {
                    return;
                }
                write(row);
                if (!out) {
                    throw OutputFailed{};
                }
            });
        } catch (const OutputFailed&) {
        }
    };
    switch (format) {
        case ExportFormat::services: {
            ServicesWriter writer(out);
            for_each_row(writer);
            if (out) {
                writer.finish();
            }
            return;
        }
        case ExportFormat::csv:
            write_csv_header(out);
            for_each_row([&](const db::StoredAssignment& row) { write_csv_row(row, out); });
            return;
        case ExportFormat::json:
            break;
    }
    JsonWriter writer(out);
    for_each_row(writer);
    if (out) {
        writer.finish(selected);
    }
}

}  // namespace portdb::query
