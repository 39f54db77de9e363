"""OParl 1.1: the Beteiligungsbeirat as a read-only council-information API (docs/oparl.md)."""
