#!/usr/bin/env python3
"""The do-it-yourself baseline of issue 6: Python's stdlib `email` parses each
message of an mbox, every text part is decoded to str (transfer encoding and
charset), every other part's payload is transfer-decoded, and the project's
patterns (bench/export_patterns, RE2 syntax) run with `re` over the Subject,
From, To and each text. Prints "messages N findings F patterns P/T": P of the
T patterns compile in `re` after the Unicode classes it lacks (\\p{Han},
\\p{Hiragana}, \\p{Katakana}, \\p{L}, \\p{N}) are spelled as ranges.

    python_baseline.py PATTERNS MBOX...
"""
import email.parser
import email.policy
import re
import sys

RANGES = {
    "Han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Hiragana": "\u3040-\u309f",
    "Katakana": "\u30a0-\u30ff",
    "L": "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff",
    "N": "0-9",
}


def to_python(pattern):
    out, i, depth = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and pattern.startswith("\\p{", i):
            end = pattern.index("}", i)
            ranges = RANGES[pattern[i + 3:end]]
            out.append(ranges if depth else "[" + ranges + "]")
            i = end + 1
            continue
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        out.append(c)
        i += 1
    return "".join(out)


def compile_patterns(path):
    compiled, total = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            total += 1
            try:
                compiled.append(re.compile(to_python(line), re.MULTILINE))
            except (re.error, KeyError):
                pass
    return compiled, total


def messages(path):
    """Splits an mbox on From_ lines, one message at a time."""
    current = []
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"From ") and current:
                yield b"".join(current)
                current = []
            if not (line.startswith(b"From ") and not current):
                current.append(line)
    if current:
        yield b"".join(current)


def main():
    patterns, total = compile_patterns(sys.argv[1])
    parser = email.parser.BytesParser(policy=email.policy.default)
    count = findings = 0
    for path in sys.argv[2:]:
        for raw in messages(path):
            count += 1
            try:
                message = parser.parsebytes(raw)
                texts = [str(message.get(h, "")) for h in ("Subject", "From", "To")]
                for part in message.walk():
                    if part.is_multipart():
                        continue
                    if part.get_content_maintype() == "text":
                        try:
                            texts.append(part.get_content())
                        except (LookupError, UnicodeError, ValueError):
                            texts.append(part.get_payload(decode=True).decode("utf-8", "replace"))
                    else:
                        part.get_payload(decode=True)
            except Exception:  # a message Python cannot read is skipped, as a DIY script would
                continue
            for text in texts:
                for p in patterns:
                    findings += sum(1 for _ in p.finditer(text))
    print(f"messages {count} findings {findings} patterns {len(patterns)}/{total}")


if __name__ == "__main__":
    main()
