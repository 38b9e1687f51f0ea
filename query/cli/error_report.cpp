#include "error_report.hpp"

#include "exit_codes.hpp"
#include "portdb/db/error.hpp"

#include <filesystem>
#include <new>
#include <system_error>

namespace portdb::cli {
namespace {

int exit_code_of(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
            return exit_usage;
        case ErrorKind::refused:
            return exit_not_found;  // refused, nothing changed
        case ErrorKind::data:
            break;
    }
    return exit_data;
}

}  // namespace

ErrorReport report_exception(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const portdb::Error& e) {
        return {exit_code_of(e.kind()), e.what()};
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
