#!/usr/bin/env python3
"""Runs every ```console block of README.md, in order, as a new user would.

    test_readme.py README.md PORTDB_BINARY SHARED_DATA_DIR

Each line that starts with "$ " is a shell command; the lines after it, up to
the next command or the end of the block, are its expected output (stdout and
stderr together, as a terminal shows them). All blocks share one fresh HOME
and one working directory, so the tour builds on itself. `./run.sh` and
`portdb` are the built binary; the working directory holds the example tree
of tests/fixtures/audit, as a clone does.

Matching, line by line:
  - an expected line "..." alone stands for any number of lines (none too);
  - "..." inside a line stands for any text;
  - parts that depend on the day or the machine are masked on both sides:
    dates of 2026 and later (today, import times), "N days old", database
    sizes in MiB, the test's HOME (the README shows /root).
Exit codes are not compared: where they matter the README shows them.
Exits 77 (skipped) when a file the tour imports is not in SHARED_DATA_DIR.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def console_blocks(readme):
    """Yields (line number, [lines]) for each ```console block."""
    lines = readme.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```console":
            start = i + 1
            i += 1
            body = []
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            yield start + 1, body
        i += 1


def commands(start, body):
    """Yields (line number, command, [expected lines])."""
    current = None
    for offset, line in enumerate(body):
        if line.startswith("$ "):
            if current:
                yield current
            current = (start + offset, line[2:], [])
        elif current:
            current[2].append(line)
    if current:
        yield current


def mask(text, home):
    text = text.replace(home, "/root")
    text = re.sub(r"\b20(2[6-9]|[3-9]\d)-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?", "<today>", text)
    text = re.sub(r"\b\d+ days old\b", "N days old", text)
    text = re.sub(r"\b\d+\.\d MiB\b", "N MiB", text)
    return text


def line_pattern(expected):
    parts = expected.split("...")
    return re.compile("".join(re.escape(p) + (".*" if i < len(parts) - 1 else "") for i, p in enumerate(parts)) + r"\Z")


def matches(expected, actual):
    """Whether the actual lines match the expected ones ("..." lines skip)."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and line_pattern(head).match(actual[0]) is not None and matches(rest, actual[1:])


def main():
    readme_path, binary, shared = sys.argv[1:4]
    readme = open(readme_path, encoding="utf-8").read()
    work = tempfile.mkdtemp(prefix="portdb-readme-")
    try:
        home = os.path.join(work, "home")
        cwd = os.path.join(work, "clone")
        bin_dir = os.path.join(work, "bin")
        for folder in (home, cwd, bin_dir):
            os.makedirs(folder)
        for name in ("portdb", "run.sh"):
            shim = os.path.join(bin_dir if name == "portdb" else cwd, name)
            with open(shim, "w") as out:
                out.write('#!/bin/sh\nexec "%s" "$@"\n' % os.path.abspath(binary))
            os.chmod(shim, 0o755)
        # The example tree the audit section reads, where a clone has it.
        fixtures = os.path.join("tests", "fixtures", "audit")
        source_tree = os.path.join(os.path.dirname(os.path.abspath(readme_path)), fixtures)
        if os.path.isdir(source_tree):
            shutil.copytree(source_tree, os.path.join(cwd, fixtures), symlinks=True)
        for name in re.findall(r"iana-[\w.-]+?\.(?:xml|txt)", readme):
            source = os.path.join(shared, name)
            if not os.path.exists(os.path.join(cwd, name)):
                if not os.path.exists(source):
                    print("skipped: the tour imports %s, which is not in %s" % (name, shared))
                    return SKIP
                shutil.copy(source, cwd)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTDB_") and not k.startswith("XDG_")}
        env.update(HOME=home, PATH=bin_dir + ":" + env.get("PATH", "/usr/bin:/bin"), LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        failures = 0
        count = 0
        for start, body in console_blocks(readme):
            for line, command, expected in commands(start, body):
                count += 1
                run = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
                actual = mask(run.stdout.decode("utf-8", "replace"), home).splitlines()
                wanted = [mask(e, home) for e in expected]
                if not matches(wanted, actual):
                    failures += 1
                    print("README.md:%d: $ %s" % (line, command))
                    print("  expected:")
                    print("\n".join("    " + e for e in expected) or "    (nothing)")
                    print("  got:")
                    print("\n".join("    " + a for a in actual) or "    (nothing)")
        print("%d passed, %d failed" % (count - failures, failures))
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
