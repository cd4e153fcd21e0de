"""Messages of the roff input layer (code prefix RF)."""

from ..diagnostics import MessageDef, Severity

S, W, E, U = Severity.STYLE, Severity.WARNING, Severity.ERROR, Severity.UNSUPPORTED

MESSAGES = [
    MessageDef("RF001", "not-utf8", W, "input is not valid UTF-8 (first bad byte at line {start}); read as Latin-1",
               "The file is not UTF-8. groff reads it only with preconv; mandoc guesses. "
               "Convert the file to UTF-8.\n\nExample: a page saved as Latin-1 with 'caf\\xe9'.\nFix: re-encode as UTF-8."),
    MessageDef("RF002", "control-character", W, "control character U+{code:04X} in input{more}",
               "A control character (NUL, ESC, ...) other than tab and newline is in the input; formatters "
               "print garbage or drop it. Reported once a file, at the first, with the count of the others.\n\nExample: 'a\\x00b'.\nFix: delete the character."),
    MessageDef("RF003", "crlf-line-endings", S, "line ends with CR LF",
               "DOS line endings: roff sees the CR as part of the text.\n\nExample: '.SH NAME\\r\\n'.\nFix: use LF."),
    MessageDef("RF004", "utf16-input", W, "input is UTF-16 with a byte-order mark; read as UTF-16",
               "roff input is a byte stream of UTF-8 (or Latin-1); UTF-16 pages are not read by groff.\n\n"
               "Fix: re-encode as UTF-8."),
    MessageDef("RF005", "byte-order-mark", S, "UTF-8 byte-order mark at the start of the file",
               "The BOM prints as a stray character in groff.\n\nFix: delete it."),
    MessageDef("RF010", "unknown-escape", W, "unknown escape sequence {escape}",
               "groff prints the character after the backslash and warns.\n\nExample: 'a\\qb'.\n"
               "Fix: write '\\e' for a literal backslash."),
    MessageDef("RF011", "unterminated-escape", W, "unterminated escape sequence {escape}",
               "An escape such as \\f( or \\h' lacks the rest of its argument.\n\nExample: '\\h'4n'.\n"
               "Fix: complete the argument."),
    MessageDef("RF012", "undefined-string", W, "undefined string \\*[{name}]",
               "The string is used but never defined; it interpolates nothing.\n\nExample: '\\*(Xx'.\n"
               "Fix: define it with .ds or remove the reference."),
    MessageDef("RF013", "unknown-glyph", W, "unknown special character \\[{name}]",
               "groff has no glyph of this name and prints nothing.\n\nExample: '\\(xx'.\n"
               "Fix: use a name from groff_char(7) or \\[uXXXX]."),
    MessageDef("RF014", "undefined-register", S, "undefined number register \\n[{name}] (taken as 0)",
               "The register is read but never set.\n\nExample: '\\n(Zz'.\nFix: set it with .nr."),
    MessageDef("RF015", "device-control-ignored", S, "device control escape \\X is ignored",
               "\\X passes raw data to the output device; manlint never passes it through.\n\n"
               "Example: '\\X'tty: link''.\nFix: use .UR/.UE for links."),
    MessageDef("RF020", "unsupported-request", U, "request .{name} is not supported; ignored",
               "manlint does not implement this request (for example .while loops or .mso).\n\n"
               "Example: '.while 1 .x'.\nFix: none needed unless the output is wrong."),
    MessageDef("RF021", "expansion-limit", E, "expansion limit reached: {what}",
               "A macro, string or .so expansion went deeper or grew larger than manlint's limits "
               "(see the manual); the rest of it is skipped.\n\nExample: '.de a' whose body calls '.a'.\n"
               "Fix: remove the recursion."),
    MessageDef("RF022", "so-outside-tree", E, ".so target {target} is outside the tree; not read",
               ".so paths are relative to the manual tree's root and must stay inside it.\n\n"
               "Example: '.so /etc/passwd'.\nFix: use a path such as man2/mmap.2."),
    MessageDef("RF023", "so-not-found", E, ".so target {target} not found",
               "The file named by .so does not exist below the tree root.\n\nExample: '.so man3/nope.3'.\n"
               "Fix: correct the path."),
    MessageDef("RF024", "so-cycle", E, ".so {target} includes itself",
               "A .so chain leads back to a file already being read.\n\nFix: break the cycle."),
    MessageDef("RF025", "unclosed-brace", W, "conditional block opened with \\{ is not closed",
               "A .if/.ie/.el body that starts with \\{ has no matching \\}.\n\nExample: '.if n \\{\\' with "
               "no closing line.\nFix: add '.\\}'."),
    MessageDef("RF026", "el-without-ie", W, ".el without a preceding .ie",
               "An .el request has no .ie to pair with; groff skips its body.\n\nFix: use .ie for the first branch."),
    MessageDef("RF027", "unterminated-definition", W, "definition of .{name} is not terminated by ..",
               "A .de/.am/.ig block runs to the end of the file.\n\nFix: add a '..' line."),
    MessageDef("RF028", "bad-condition", W, "cannot evaluate condition: {detail}",
               "The condition of .if/.ie/.while is not one manlint understands; it is taken as false.\n\n"
               "Example: '.if \\n(xx>'.\nFix: check the expression."),
    MessageDef("RF029", "bad-number", W, "cannot evaluate number {text!r} for .{name}",
               "A numeric argument is not a valid roff expression.\n\nExample: '.sp x'.\nFix: use a number."),
    MessageDef("RF030", "preprocessor-unsupported", U, "{what} block is kept but not rendered",
               "eqn and pic input is recognised and kept as an opaque block.\n\nExample: '.EQ'.\n"
               "Fix: none; man pages should avoid eqn and pic."),
    MessageDef("RF031", "unclosed-block", W, ".{name} block is not closed by .{end}",
               "A .TS, .EQ or .PS block runs to the end of the file.\n\nFix: add the closing macro."),
    MessageDef("RF032", "table-syntax", W, "table: {detail}",
               "The tbl input has a problem (unknown option, bad format, too many cells...).\n\n"
               "Example: 'allbx;'.\nFix: see tbl(1)."),
    MessageDef("RF033", "tbl-marker-missing", S, "page uses .TS but its first line is not '\\\" t",
               "man(1) runs tbl only when the page starts with the preprocessor line '\\\" t.\n\n"
               "Example: a page whose first line is a copyright comment.\nFix: add '\\\" t as the first line."),
    MessageDef("RF034", "line-too-long-input", E, "input line of {length} characters truncated to {limit}",
               "A single input line is longer than manlint's limit.\n\nFix: split the line."),
]
