#include "portdb/importer/iana_xml_parser.hpp"

#include "portdb/importer/errors.hpp"
#include "record_limits.hpp"
#include "record_rules.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <set>
#include <unordered_map>

namespace portdb::importer {
namespace {

using db::Assignment;
using detail::trim;

constexpr std::string_view iana_namespace = "http://www.iana.org/assignments";
constexpr std::string_view registry_id = "service-names-port-numbers";

// The registry nests 4 deep (registry, record, description, xref). Every
// walk below recurses along the nesting, so the document's depth is bounded
// first, without recursion: 50,000 nested <a> would overflow the stack.
constexpr std::size_t max_depth = 32;
// Elements and attributes ('<' and '=' bounded from above, before parsing):
// the parsed document takes about 64 bytes for each. IANA's registry has
// about 230,000.
constexpr std::size_t max_markup = 1'000'000;

/// Element names in the IANA namespace, whatever prefix the document binds it
/// to (the published file uses the default namespace, but XML allows any).
class Names {
public:
    explicit Names(std::string prefix) : prefix_(std::move(prefix)) {}

    /// The local name of `node` if it is in the IANA namespace, else "".
    [[nodiscard]] std::string_view local(const pugi::xml_node& node) const {
        const std::string_view name = node.name();
        if (name.size() <= prefix_.size() || name.compare(0, prefix_.size(), prefix_) != 0) {
            return {};
        }
        const std::string_view rest = name.substr(prefix_.size());
        return rest.find(':') == std::string_view::npos ? rest : std::string_view{};
    }
    [[nodiscard]] pugi::xml_node child(const pugi::xml_node& node, std::string_view local_name) const {
        for (const auto& c : node.children()) {
            if (c.type() == pugi::node_element && local(c) == local_name) {
                return c;
            }
        }
        return {};
    }

private:
    std::string prefix_;  ///< "" for the default namespace, else "p:"
};

class XmlParser {
public:
    /// Takes the bytes: pugixml parses them in place (no second copy of the
    /// document in memory, which decides an import's peak memory).
    XmlParser(std::string bytes, std::string_view source_name) : bytes_(std::move(bytes)), source_(source_name) {
        // Line numbers for messages come from the untouched layout: in-place
        // parsing rewrites text, but never moves an element's start.
        for (std::size_t at = bytes_.find('\n'); at != std::string::npos; at = bytes_.find('\n', at + 1)) {
            newlines_.push_back(static_cast<std::uint32_t>(at));
        }
    }

    ParsedSource parse();

private:
    std::string bytes_;
    std::vector<std::uint32_t> newlines_;  // offsets of the line ends (inputs are capped far below 4 GiB)
    std::string_view source_;
    pugi::xml_document document_;
    std::optional<Names> names_;
    ParsedSource result_;
    std::unordered_map<std::string, std::size_t> person_index_;
    std::unordered_map<std::string, std::string> footnotes_;
    std::set<std::string, std::less<>> unknown_elements_;

    [[nodiscard]] std::size_t line_at(std::ptrdiff_t offset) const {
        const auto at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(offset, 0));
        return 1 +
               static_cast<std::size_t>(std::lower_bound(newlines_.begin(), newlines_.end(), at) - newlines_.begin());
    }
    [[nodiscard]] std::size_t line_of(const pugi::xml_node& node) const { return line_at(node.offset_debug()); }
    [[noreturn]] void fail(const pugi::xml_node& node, std::size_t record, std::string_view message) const {
        throw ParseError(fmt::format("{}:{}: record {}: {}", source_, line_of(node), record, message));
    }

    pugi::xml_node load_root();
    void check_size() const;
    void check_depth() const;
    void read_people(const pugi::xml_node& root);
    void read_footnotes(const pugi::xml_node& root);
    void read_record(const pugi::xml_node& record, std::size_t index);
    void read_xref(const pugi::xml_node& xref, Assignment& a, db::ContactRole role);
    [[nodiscard]] db::Contact contact_for(const pugi::xml_node& xref, db::ContactRole role);
    std::string render(const pugi::xml_node& node, Assignment* refs_into);
    void render_into(const pugi::xml_node& node, std::string& out, Assignment* refs_into);
    [[nodiscard]] std::string xref_text(const pugi::xml_node& xref);
    [[nodiscard]] std::optional<db::PartialDate> date_attribute(const pugi::xml_node& record, const char* attribute,
                                                                std::size_t index) const;
};

void XmlParser::check_size() const {
    const auto markup = static_cast<std::size_t>(std::count(bytes_.begin(), bytes_.end(), '<') +
                                                 std::count(bytes_.begin(), bytes_.end(), '='));
    if (markup > max_markup) {
        throw ParseError(
            fmt::format("{}: up to {} elements and attributes, more than the {} an IANA registry file may "
                        "have (it has about 230,000)",
                        source_, markup, max_markup));
    }
}

void XmlParser::check_depth() const {
    std::size_t depth = 1;  // of `node`: the document element is at 1
    for (auto node = document_.first_child(); node;) {
        if (depth > max_depth && node.type() == pugi::node_element) {
            throw ParseError(fmt::format("{}:{}: elements nested more than {} deep; the IANA registry nests 4", source_,
                                         line_of(node), max_depth));
        }
        if (const auto child = node.first_child()) {
            node = child;
            ++depth;
            continue;
        }
        while (depth > 1 && !node.next_sibling()) {
            node = node.parent();
            --depth;
        }
        node = node.next_sibling();
    }
}

pugi::xml_node XmlParser::load_root() {
    check_size();
    // Default options: no DOCTYPE processing, so no external entities and no
    // entity expansion beyond the five predefined ones.
    const auto loaded =
        document_.load_buffer_inplace(bytes_.data(), bytes_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!loaded) {
        throw ParseError(
            fmt::format("{}:{}: not well-formed XML: {}", source_, line_at(loaded.offset), loaded.description()));
    }
    check_depth();
    const auto root = document_.document_element();
    const std::string_view root_name = root.name();
    const auto colon = root_name.find(':');
    const std::string prefix = colon == std::string_view::npos ? "" : std::string(root_name.substr(0, colon));
    const std::string xmlns = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
    const std::string_view bound = root.attribute(xmlns.c_str()).value();
    names_.emplace(prefix.empty() ? "" : prefix + ":");
    if (names_->local(root) != "registry" || bound != iana_namespace) {
        throw ParseError(
            fmt::format("{}: not the IANA port-number registry: the root element is <{}> in namespace \"{}\", expected "
                        "<registry> in \"{}\"",
                        source_, root_name, bound, iana_namespace));
    }
    if (std::string_view(root.attribute("id").value()) != registry_id) {
        throw ParseError(fmt::format("{}: an IANA registry, but \"{}\", not \"{}\"", source_,
                                     root.attribute("id").value(), registry_id));
    }
    return root;
}

ParsedSource XmlParser::parse() {
    result_.kind = db::SourceKind::iana_xml;
    const auto root = load_root();
    if (const auto updated = names_->child(root, "updated")) {
        const std::string date(trim(updated.child_value()));
        if (!db::PartialDate::parse(date)) {
            throw ParseError(
                fmt::format("{}:{}: registry date \"{}\" is not YYYY-MM-DD", source_, line_of(updated), date));
        }
        result_.registry_date = date;
    }
    // People and footnotes follow the records in the file; resolve them first.
    read_people(root);
    read_footnotes(root);
    // Reserve the exact count: growing by doubling would hold two copies at the peak.
    const auto records = static_cast<std::size_t>(std::count_if(
        root.begin(), root.end(), [&](const pugi::xml_node& node) { return names_->local(node) == "record"; }));
    if (records > detail::max_records) {
        throw ParseError(
            fmt::format("{}: {} records; a registry file may hold at most {}", source_, records, detail::max_records));
    }
    result_.assignments.reserve(records);
    std::size_t index = 0;
    for (const auto& node : root.children()) {
        if (node.type() == pugi::node_element && names_->local(node) == "record") {
            read_record(node, ++index);
        }
    }
    return std::move(result_);
}

void XmlParser::read_people(const pugi::xml_node& root) {
    const auto people = names_->child(root, "people");
    for (const auto& node : people.children()) {
        if (node.type() != pugi::node_element || names_->local(node) != "person") {
            continue;
        }
        db::Person person;
        person.id = node.attribute("id").value();
        for (const auto& field : node.children()) {
            const auto name = names_->local(field);
            const std::string value(trim(field.child_value()));
            if (name == "name") {
                person.name = value;
            } else if (name == "org") {
                person.org = value;
            } else if (name == "uri") {
                person.uris.push_back(value);
            } else if (name == "updated") {
                person.updated = db::PartialDate::parse(value);
                if (!person.updated && !value.empty()) {
                    throw ParseError(fmt::format("{}:{}: person \"{}\": date \"{}\" is not YYYY-MM or YYYY-MM-DD",
                                                 source_, line_of(field), person.id, value));
                }
            }
        }
        if (person.id.empty()) {
            throw ParseError(fmt::format("{}:{}: a <person> without an id", source_, line_of(node)));
        }
        person_index_.emplace(person.id, result_.people.size());
        result_.people.push_back(std::move(person));
    }
}

void XmlParser::read_footnotes(const pugi::xml_node& root) {
    for (const auto& node : root.children()) {
        if (node.type() == pugi::node_element && names_->local(node) == "footnote") {
            footnotes_[node.attribute("anchor").value()] = render(node, nullptr);
        }
    }
}

std::optional<db::PartialDate> XmlParser::date_attribute(const pugi::xml_node& record, const char* attribute,
                                                         std::size_t index) const {
    const auto value = record.attribute(attribute);
    if (!value) {
        return std::nullopt;
    }
    const auto date = db::PartialDate::parse(trim(value.value()));
    if (!date) {
        fail(record, index, fmt::format("{}=\"{}\" is not YYYY-MM or YYYY-MM-DD", attribute, value.value()));
    }
    return date;
}

void XmlParser::read_record(const pugi::xml_node& record, std::size_t index) {
    Assignment a;
    a.position = static_cast<std::uint32_t>(index);
    a.registered = date_attribute(record, "date", index);
    a.modified = date_attribute(record, "updated", index);
    for (const auto& child : record.children()) {
        if (child.type() != pugi::node_element) {
            continue;
        }
        const auto name = names_->local(child);
        const std::string_view text = trim(child.child_value());
        if (name == "name") {
            if (!text.empty()) {  // <name/> on Reserved rows means "no name"
                a.name = std::string(text);
            }
        } else if (name == "protocol") {
            if (!text.empty()) {
                a.protocol = std::string(text);
            }
        } else if (name == "number") {
            const auto port = detail::parse_port_number(text);
            if (!port.range) {
                fail(child, index,
                     port.out_of_range ? fmt::format("port number \"{}\" is out of range (0-65535)", text)
                                       : fmt::format("port number \"{}\" is not N or N-M", text));
            }
            if (port.inverted) {
                fail(child, index, fmt::format("port range \"{}\" ends below its start", text));
            }
            a.ports = port.range;
            if (port.written_as_range && !port.range->is_range()) {
                detail::add_flag(a, "degenerate-range");  // "4748-4748": kept as one port
            }
        } else if (name == "description") {
            a.description = render(child, &a);
        } else if (name == "xref") {
            read_xref(child, a, db::ContactRole::contact);
        } else if (name == "assignee") {
            for (const auto& xref : child.children()) {
                if (names_->local(xref) == "xref") {
                    read_xref(xref, a, db::ContactRole::assignee);
                }
            }
        } else if (name == "note") {
            a.note = render(child, &a);
            a.alias_of = detail::alias_target(a.note);
        } else if (name == "unauthorized") {
            a.unauthorized = render(child, nullptr);
        } else if (name == "sc") {
            std::int64_t code = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), code);
            if (error != std::errc{} || end != text.data() + text.size()) {
                fail(child, index, fmt::format("service code \"{}\" is not a decimal number", text));
            }
            a.service_code = code;
        } else if (unknown_elements_.insert(std::string(child.name())).second) {
            result_.warnings.push_back(fmt::format("{}:{}: record {}: unknown element <{}> ignored", source_,
                                                   line_of(child), index, child.name()));
        }
    }
    if (!a.name && !a.ports) {
        fail(record, index, "a record with neither a name nor a port number");
    }
    a.status = a.name ? db::Status::assigned : detail::status_from_text(a.description);
    detail::add_record(result_.assignments, std::move(a), source_, line_of(record));
}

db::Contact XmlParser::contact_for(const pugi::xml_node& xref, db::ContactRole role) {
    const std::string_view person_id = xref.attribute("data").value();
    db::Contact contact;
    contact.role = role;
    contact.person_id = std::string(person_id);
    const auto found = person_index_.find(contact.person_id);
    if (found == person_index_.end()) {
        result_.warnings.push_back(
            fmt::format("{}:{}: person \"{}\" is not in the people list", source_, line_of(xref), person_id));
        return contact;
    }
    const db::Person& person = result_.people[found->second];
    contact.name = person.name;
    contact.org = person.org;
    for (const auto& uri : person.uris) {
        if (uri.rfind("mailto:", 0) == 0 && contact.email.empty()) {
            contact.email = uri.substr(7);
            // IANA writes most addresses with '&' for '@' (mailto:koethe&88solutions.com).
            // Decode on purpose, only where no '@' is present; the uri stays as written.
            if (contact.email.find('@') == std::string::npos) {
                if (const auto amp = contact.email.find('&'); amp != std::string::npos) {
                    contact.email[amp] = '@';
                }
            }
        }
    }
    return contact;
}

void XmlParser::read_xref(const pugi::xml_node& xref, Assignment& a, db::ContactRole role) {
    const std::string_view type = xref.attribute("type").value();
    if (type == "person") {
        a.contacts.push_back(contact_for(xref, role));
        return;
    }
    a.references.push_back({std::string(type), xref_text(xref)});
}

std::string XmlParser::xref_text(const pugi::xml_node& xref) {
    const std::string_view type = xref.attribute("type").value();
    const std::string data = xref.attribute("data").value();
    if (type == "note") {
        const auto footnote = footnotes_.find(data);
        return footnote != footnotes_.end() ? footnote->second : data;
    }
    if (type == "text" || data.empty()) {
        return render(xref, nullptr);
    }
    return data;
}

std::string XmlParser::render(const pugi::xml_node& node, Assignment* refs_into) {
    std::string raw;
    render_into(node, raw, refs_into);
    // Drop the blanks that line breaks leave at the ends of lines, and around the whole.
    std::string out;
    out.reserve(raw.size());
    for (const auto line : detail::split_lines(raw)) {
        if (!out.empty() || !trim(line).empty()) {
            out += trim(line);
            out += '\n';
        }
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

void XmlParser::render_into(const pugi::xml_node& node, std::string& out, Assignment* refs_into) {
    for (const auto& child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            out += detail::unwrap_lines(child.value());  // writer's line wrapping, not content
            continue;
        }
        if (child.type() != pugi::node_element) {
            continue;
        }
        const auto name = names_->local(child);
        if (name == "br") {
            out += '\n';
        } else if (name == "xref") {
            const std::string_view type = child.attribute("type").value();
            std::string text = xref_text(child);
            if (refs_into != nullptr && type != "person") {
                refs_into->references.push_back({std::string(type), text});
            }
            if (type == "rfc" && text.rfind("rfc", 0) == 0) {
                text = "[RFC" + text.substr(3) + "]";
            }
            out += text;
        } else if (name == "paragraph") {
            if (!out.empty() && out.back() != '\n') {
                out += '\n';
            }
            render_into(child, out, refs_into);
            out += '\n';
        } else {
            render_into(child, out, refs_into);
        }
    }
}

}  // namespace

ParsedSource parse_iana_xml(std::string_view bytes, std::string_view source_name) {
    return XmlParser(std::string(bytes), source_name).parse();
}

ParsedSource parse_iana_xml_in_place(std::string bytes, std::string_view source_name) {
    return XmlParser(std::move(bytes), source_name).parse();
}

}  // namespace portdb::importer
