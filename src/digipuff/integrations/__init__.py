"""Clients and importers for what comes from outside: Kolada, SIE 4 ledger files, Excel/CSV."""
