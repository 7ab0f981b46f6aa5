"""`python -m hamtrack ...` runs the same command line as `hamtrack ...`."""

from hamtrack.cli import main

raise SystemExit(main())
