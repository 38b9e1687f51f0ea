#include "error_report.hpp"

#include "exit_codes.hpp"
#include "portdb/db/database_error.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/http_fetch.hpp"
#include "portdb/importer/reservations.hpp"
#include "portdb/importer/update.hpp"
#include "portdb/query/policy.hpp"
#include "portdb/query/target_setting.hpp"
#include "portdb/query/usage_error.hpp"

#include <filesystem>
#include <new>
#include <system_error>

namespace portdb::cli {

ErrorReport report_exception(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const query::UsageError& e) {
        return {exit_usage, e.what()};
    } catch (const db::DatabaseError& e) {
        return {exit_data, e.what()};
    } catch (const importer::ParseError& e) {
        return {exit_data, e.what()};
    } catch (const importer::InputError& e) {
        return {exit_data, e.what()};
    } catch (const importer::FetchError& e) {
        return {exit_data, e.what()};
    } catch (const importer::UpdateRefused& e) {
        return {exit_data, e.what()};
    } catch (const importer::ReservationRefused& e) {
        return {exit_not_found, e.what()};  // refused, nothing changed
    } catch (const query::PolicyError& e) {
        return {exit_data, e.what()};
    } catch (const query::TargetSettingError& e) {
        return {exit_data, e.what()};  // the saved targets file's fault
    } catch (const std::filesystem::filesystem_error& e) {
        return {exit_data, e.what()};
    } catch (const std::system_error& e) {  // a failed read or write: the output, a file
        return {exit_data, e.what()};
    } catch (const std::bad_alloc&) {
        return {exit_data, "out of memory"};
    } catch (const std::exception& e) {
        return {exit_internal, std::string("internal error: ") + e.what() + " (a bug in portdb: please report it)"};
    } catch (...) {
        return {exit_internal, "internal error: an unknown exception (a bug in portdb: please report it)"};
    }
}

const char* error_kind(int exit_code) {
    switch (exit_code) {
        case exit_not_found:
            return "refused";
        case exit_usage:
            return "usage";
        case exit_data:
            return "data";
        default:
            break;
    }
    return "internal";
}

}  // namespace portdb::cli
