"""Tables of the man(7) macros and roff requests the parser knows."""

# Font macros: the font of each argument, alternating from the first.
# None means "the current font" (.SM only changes the size).
FONT_MACROS = {
    "B": ("B",), "I": ("I",), "SB": ("B",), "SM": (None,),
    "BI": ("B", "I"), "BR": ("B", "R"), "IB": ("I", "B"),
    "IR": ("I", "R"), "RB": ("R", "B"), "RI": ("R", "I"),
}
ALTERNATING = {"BI", "BR", "IB", "IR", "RB", "RI"}
PARAGRAPH_MACROS = {"PP", "P", "LP"}
BLOCK_MACROS = PARAGRAPH_MACROS | {"TP", "TQ", "IP", "HP"}
NOFILL_OPEN = {"nf": "fi", "EX": "EE"}
NOFILL_CLOSE = {"fi": "nf", "EE": "EX"}

# man(7) macros that carry no structure and stay as Request nodes.  groff's
# .PT and .BT (the page header and footer hooks) are left out: a page never
# calls them, mandoc skips them, and ".BT getgroups (2)," is a slip for .BR.
PLAIN_MACROS = {"PD", "DT", "UC", "AT", "IX", "ME", "UE", "YS", "OP", "MR", "Sp", "Vb", "Ve"}

# roff requests groff knows; they become Request nodes (renderers act on the
# ones that matter for output).
ROFF_REQUESTS = set("""
ab ad af aln als am am1 as as1 asciify backtrace bd blm bp br break brp c2 cc ce cf cflags ch
char chop class close color composite continue cp cs cu da de de1 defcolor dei dei1 device
devicem di do ds ds1 dt ec ecr ecs el em eo ev evc ex fam fc fchar fcolor fi fl fp fschar
fspecial ft ftr fzoom gcolor hc hcode hla hlm hpf hpfa hpfcode hw hy hym hys ie if ig in it
itc kern lc length lf lg linetabs ll lsm ls lt mc mk mso na ne nf nh nm nn nop nr nroff ns nx
open opena os output pc pev pi pl pm pn pnr po ps psbb pso ptr pvs rchar rd return rfschar rj
rm rn rnn rr rs rt schar shc shift sizes so sp special spreadwarn ss sty substring sv sy ta tc
ti tkf tl tm tm1 tmc tr trf trin trnt troff uf ul unformat vpt vs warn warnscale wh while write
writec writem
""".split())


def looks_like_section(arg: str) -> bool:
    """True for the second argument of '.BR name (2),': a manual section in parentheses."""
    if len(arg) < 3 or arg[0] != "(" or ")" not in arg:
        return False
    inner = arg[1:arg.index(")")]
    return bool(inner) and inner[0].isdigit() and len(inner) <= 6 and inner.isalnum()
