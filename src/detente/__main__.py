"""``python -m detente``: the same command line as the ``detente`` script."""

from detente.cli.main import app

app()
