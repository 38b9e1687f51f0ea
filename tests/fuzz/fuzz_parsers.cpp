// libFuzzer targets, one per parser (chosen at build time by PORTDB_FUZZ_TARGET):
// any input may be rejected with the parser's own error, but nothing else may
// happen: no crash, no sanitizer report, no other exception.
#include "portdb/importer/errors.hpp"
#include "portdb/importer/format_detect.hpp"
#include "portdb/importer/iana_csv_parser.hpp"
#include "portdb/importer/iana_xml_parser.hpp"
#include "portdb/importer/nmap_services_parser.hpp"
#include "portdb/importer/port_numbers_text_parser.hpp"
#include "portdb/importer/services_parser.hpp"
#include "portdb/importer/site_file.hpp"
#include "portdb/query/checker.hpp"
#include "portdb/query/lookup.hpp"
#include "portdb/query/lookup_range.hpp"
#include "portdb/query/policy.hpp"
#include "portdb/query/port_spec.hpp"
#include "portdb/query/search.hpp"
#include "portdb/query/target.hpp"
#include "portdb/query/target_setting.hpp"
#include "portdb/query/usage_error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

template <typename Parse>
void expect_parse_or_rejection(Parse parse) {
    try {
        parse();
    } catch (const portdb::importer::ParseError&) {
    } catch (const portdb::importer::InputError&) {
    } catch (const portdb::query::UsageError&) {
    } catch (const portdb::query::PolicyError&) {
    } catch (const portdb::query::TargetSettingError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace portdb;
#if PORTDB_FUZZ_TARGET == 1
    expect_parse_or_rejection([&] { (void)importer::parse_iana_xml(input, "fuzz.xml"); });
#elif PORTDB_FUZZ_TARGET == 2
    expect_parse_or_rejection([&] { (void)importer::parse_port_numbers_text(input, "fuzz.txt"); });
#elif PORTDB_FUZZ_TARGET == 3
    expect_parse_or_rejection([&] { (void)importer::detect_format(input, "fuzz"); });
    expect_parse_or_rejection([&] { (void)importer::parse_services(input, "fuzz-services"); });
    expect_parse_or_rejection([&] { (void)importer::parse_nmap_services(input, "fuzz-nmap"); });
#elif PORTDB_FUZZ_TARGET == 4
    expect_parse_or_rejection([&] { (void)importer::parse_iana_csv(input, "fuzz.csv"); });
#elif PORTDB_FUZZ_TARGET == 5
    expect_parse_or_rejection([&] { (void)query::parse_policy(input, "fuzz.toml", &query::builtin_policy()); });
#elif PORTDB_FUZZ_TARGET == 6
    // The command line's port, check and lookup arguments, and search text.
    expect_parse_or_rejection([&] { (void)query::parse_port_spec(input); });
    expect_parse_or_rejection([&] { (void)query::parse_check_argument(input); });
    expect_parse_or_rejection([&] { (void)query::parse_port_range_query(input); });
    expect_parse_or_rejection([&] { (void)query::parse_targets(input); });
    expect_parse_or_rejection([&] { (void)query::parse_lookup_query(input); });
    expect_parse_or_rejection([&] { (void)query::fts_expression(input); });
#elif PORTDB_FUZZ_TARGET == 7
    // The targets setting file (~/.config/portdb/targets).
    expect_parse_or_rejection([&] { (void)query::parse_target_settings(input, "fuzz-targets"); });
#elif PORTDB_FUZZ_TARGET == 8
    // A team's site file: services(5) lines, service names, one owner per port.
    expect_parse_or_rejection([&] { (void)importer::parse_site_file(input, "fuzz-site"); });
#endif
    return 0;
}
