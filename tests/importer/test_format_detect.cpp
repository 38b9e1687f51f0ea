#include "portdb/importer/errors.hpp"
#include "portdb/importer/format_detect.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using db::SourceKind;

namespace {

SourceKind detect_fixture(std::string_view name) {
    return importer::detect_format(test::read_file(test::fixture(name)), name);
}

}  // namespace

TEST_CASE("formats are recognised from their content, whatever the file is called") {
    CHECK(detect_fixture("iana-xml/edge-cases.xml") == SourceKind::iana_xml);
    CHECK(detect_fixture("iana-xml/prefixed-namespace.xml") == SourceKind::iana_xml);
    CHECK(detect_fixture("iana-csv/service-names-port-numbers.csv") == SourceKind::iana_csv);
    CHECK(detect_fixture("port-numbers/port-numbers-2005-layout.txt") == SourceKind::port_numbers_text);
    CHECK(detect_fixture("port-numbers/rfc1700-paginated.txt") == SourceKind::port_numbers_text);
    CHECK(detect_fixture("services/etc-services") == SourceKind::services);
    CHECK(detect_fixture("services/wireshark-services") == SourceKind::services);
    CHECK(detect_fixture("nmap/nmap-services") == SourceKind::nmap_services);
    CHECK(importer::detect_format("\xEF\xBB\xBFService Name,Port Number,Transport Protocol\n", "bom.csv") ==
          SourceKind::iana_csv);
    CHECK(importer::detect_format("\n\n  <?xml version='1.0'?><registry/>", "x") == SourceKind::iana_xml);
}

TEST_CASE("empty, binary and unknown input is refused with the reason") {
    CHECK_THROWS_WITH(importer::detect_format("", "empty.txt"), Equals("empty.txt: the file is empty"));
    CHECK_THROWS_WITH(importer::detect_format(" \r\n\t\n", "blank.txt"), Equals("blank.txt: the file is empty"));
    // Found by fuzzing: a byte-order mark and a blank.
    CHECK_THROWS_WITH(importer::detect_format("\xEF\xBB\xBF ", "bom.txt"), Equals("bom.txt: the file is empty"));
    CHECK_THROWS_WITH(importer::detect_format(std::string("PK\x03\x04\0\0garbage", 13), "a.zip"),
                      Equals("a.zip: binary data (NUL bytes), not a port registry"));
    CHECK_THROWS_WITH(importer::detect_format("# only a comment\n\n# another\n", "c.txt"),
                      Equals("c.txt: only comments and blank lines: no port entries"));
    CHECK_THROWS_WITH(importer::detect_format("echo 7/tcp\nHello, world\n", "mixed.txt"),
                      Contains("mixed.txt:2: unknown format") && Contains("\"Hello, world\""));
    CHECK_THROWS_AS(importer::detect_format("{\"json\": true}", "x.json"), importer::InputError);
}
