"""``python -m frontline`` runs the command line."""

from .cli import main

main()
