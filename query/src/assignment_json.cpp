#include "portdb/query/assignment_json.hpp"

namespace portdb::query {
namespace {

using nlohmann::json;

json optional_json(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

json optional_json(const std::optional<db::PartialDate>& value) {
    return value ? json(value->to_string()) : json(nullptr);
}

}  // namespace

json assignment_json(const db::StoredAssignment& row) {
    const db::Assignment& a = row.assignment;
    json contacts = json::array();
    for (const auto& c : a.contacts) {
        contacts.push_back({{"role", db::to_string(c.role)},
                            {"person_id", c.person_id},
                            {"name", c.name},
                            {"org", c.org},
                            {"email", c.email},
                            {"direct", c.direct}});
    }
    json references = json::array();
    for (const auto& r : a.references) {
        references.push_back({{"kind", r.kind}, {"value", r.value}});
    }
    return {
        {"name", optional_json(a.name)},
        {"lo", a.ports ? json(a.ports->lo) : json(nullptr)},
        {"hi", a.ports ? json(a.ports->hi) : json(nullptr)},
        {"protocol", optional_json(a.protocol)},
        {"description", a.description},
        {"status", db::to_string(a.status)},
        {"source", db::to_string(row.source)},
        {"layer", db::to_string(row.layer)},
        {"aliases", a.aliases},
        {"alias_of", optional_json(a.alias_of)},
        {"contacts", contacts},
        {"references", references},
        {"registered", optional_json(a.registered)},
        {"modified", optional_json(a.modified)},
        {"note", a.note},
        {"unauthorized", a.unauthorized},
        {"service_code", a.service_code ? json(*a.service_code) : json(nullptr)},
        {"frequency", a.frequency ? json(*a.frequency) : json(nullptr)},
        {"active", a.active},
        {"flags", a.flags},
        {"position", a.position},
    };
}

json source_json(const db::SourceInfo& source) {
    return {{"name", db::display_name(source)},
            {"layer", db::to_string(source.layer)},
            {"kind", db::to_string(source.kind)},
            {"location", source.location},
            {"sha256", source.sha256},
            {"registry_date", optional_json(source.registry_date)},
            {"imported_at", source.imported_at},
            {"checked_at", optional_json(source.checked_at)},
            {"etag", optional_json(source.etag)},
            {"last_modified", optional_json(source.last_modified)},
            {"records", source.record_count},
            {"assignments", source.assignment_count},
            {"people", source.people_count},
            {"warnings", source.warning_count}};
}

json finding_json(const Finding& finding, TargetSet weighed) {
    json targets = json::array();
    for (const auto target : finding.targets.list()) {
        targets.push_back(to_string(target));
    }
    return {{"level", to_string(finding.level)},
            {"targets", targets},
            {"weighed", finding.weighed_for(weighed)},
            {"code", finding.code},
            {"layer", finding.layer.empty() ? json(nullptr) : json(finding.layer)},
            {"protocol", finding.protocol.empty() ? json(nullptr) : json(finding.protocol)},
            {"title", finding.title},
            {"summary", finding.summary},
            {"message", finding.message},
            {"historic", finding.historic},
            {"origin", finding.origin},
            {"source", finding.source}};
}

}  // namespace portdb::query
