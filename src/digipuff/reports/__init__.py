"""Reports: verksamhetsplan, delårsrapport and verksamhetsberättelse (issue 6)."""
