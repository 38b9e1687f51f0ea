#include "run.hpp"

int main(int argc, char** argv) { return portdb::cli::run(argc, argv); }
