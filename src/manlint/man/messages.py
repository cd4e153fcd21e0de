"""Messages of the man(7) layer (code prefix MN)."""

from ..diagnostics import MessageDef, Severity

S, W, E, U = Severity.STYLE, Severity.WARNING, Severity.ERROR, Severity.UNSUPPORTED

MESSAGES = [
    MessageDef("MN001", "missing-title", W, "page has no .TH line",
               "Every man(7) page starts with .TH, which names the page and its section.\n\n"
               "Example: a page that begins with .SH NAME.\nFix: add '.TH NAME SECTION DATE'."),
    MessageDef("MN002", "title-repeated", W, ".TH appears again (first at line {first})",
               "A second .TH starts a new page in groff; it is usually a paste mistake.\n\nFix: delete it."),
    MessageDef("MN003", "title-fields", W, ".TH has {count} argument(s); it needs a title and a section",
               "groff and mandoc need at least the title and the section.\n\nExample: '.TH MMAP'.\n"
               "Fix: '.TH MMAP 2 2021-03-22 \"Linux\" \"Linux Programmer's Manual\"'."),
    MessageDef("MN004", "content-before-title", W, "{what} before .TH",
               "Only comments and roff definitions may come before .TH.\n\nFix: move it after .TH."),
    MessageDef("MN010", "unknown-macro", W, "unknown macro or request .{name}",
               "Neither roff nor the man(7) macros define this name; groff ignores the line, so its "
               "text is lost.  groff's .PT and .BT count as unknown: they are its page header "
               "and footer hooks, which a page never calls (mandoc skips them), and in a page "
               "they are slips for .BR.\n\nExample: '.Bx foo'.\nFix: use a man(7) macro or define it with .de."),
    MessageDef("MN011", "mdoc-page", U, "this is an mdoc(7) page; manlint reads man(7) pages only",
               "mdoc(7) pages (starting with .Dd) are kept as generic macro nodes, without structure.\n\n"
               "Example: '.Dd March 1, 2020'.\nFix: none; use mandoc for mdoc pages."),
    MessageDef("MN020", "unclosed-inset", W, ".RS at line {start} is not closed by .RE before {where}",
               "An .RS indentation is still open when the section ends or the page ends.\n\n"
               "Example: '.RS' ... '.SH ERRORS'.\nFix: add '.RE' where the inset ends."),
    MessageDef("MN021", "re-without-rs", W, ".RE without an open .RS",
               "There is no inset to close; groff ignores the request.\n\nFix: delete the .RE."),
    MessageDef("MN022", "unclosed-nofill", W, ".{macro} at line {start} is not closed by .{end} before {where}",
               "An example block is not ended by .EE before the next heading, or a no-fill block "
               "by .fi before the end of the page.  groff and mandoc fill again at a heading, so "
               "a bare .nf that a heading ends is accepted (old pages end SYNOPSIS that way); "
               "an .EX left open there is reported, as its .EE is missing.\n\n"
               "Example: '.EX' ... '.SH'.\n"
               "Fix: add '.EE' (or '.fi') at the end of the block."),
    MessageDef("MN023", "fill-already-on", S, ".{macro} while fill mode is already on",
               "There is no no-fill block to end (mandoc: 'fill mode already enabled, skipping').\n\n"
               "Example: '.fi' after '.PP'.\nFix: delete the line."),
    MessageDef("MN033", "nofill-already-on", W, ".{macro} inside the .{opened} block of line {start} has no effect",
               "No-fill mode is already on (mandoc: 'fill mode already disabled, skipping'). Most often the "
               "line was meant to close the block, and the text after it is set without filling up to the "
               "next heading.\n\nExample: '.EX' ... '.EX' where '.EE' was meant.\nFix: close the block "
               "(.EE or .fi), or delete the line."),
    MessageDef("MN024", "nofill-mismatch", W, ".{macro} closes .{opened} at line {start}",
               "An .EX block should end with .EE and an .nf block with .fi.\n\nExample: '.EX' ... '.fi'.\n"
               "Fix: use the matching macro."),
    MessageDef("MN025", "unclosed-link", W, ".{macro} at line {start} is not closed by .{end}",
               "A .UR or .MT link is not closed; its text runs on.\n\nFix: add '.UE' (or '.ME')."),
    MessageDef("MN026", "link-close-without-open", W, ".{macro} without an open .{opener}",
               "There is no link to close.\n\nFix: delete the line or add the opening macro."),
    MessageDef("MN027", "synopsis-scope", W, ".{macro} without an open .SY",
               "A .YS or .OP appears outside a .SY block.\n\nFix: open the block with .SY."),
    MessageDef("MN028", "empty-heading", W, ".{macro} has no heading text",
               "A section or subsection needs a heading.\n\nExample: '.SH' followed by a macro line.\n"
               "Fix: '.SH DESCRIPTION'."),
    MessageDef("MN029", "missing-tag", W, ".TP has no tag line",
               "The line after .TP is the tag; here a macro that cannot be a tag follows.\n\n"
               "Example: '.TP' then '.PP'.\nFix: put the tag text on the line after .TP."),
    MessageDef("MN030", "font-macro-missing-text", W, ".{macro} has no text",
               "A font macro with no arguments and no following text line prints nothing.\n\n"
               "Example: '.B' at the end of a section.\nFix: give the text as arguments."),
    MessageDef("MN031", "unknown-font", W, "unknown font {font}",
               "groff's terminal devices know R, I, B, BI and the constant-width fonts.\n\n"
               "Example: '\\f(HB'.\nFix: use \\fB, \\fI or \\fR."),
    MessageDef("MN032", "scope-broken", W, ".{macro} inside .{opener} at line {start}",
               "A block macro cannot appear inside this open scope (for example a .SH inside .UR).\n\n"
               "Fix: close the scope first."),
]
