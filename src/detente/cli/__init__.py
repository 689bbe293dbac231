"""The ``detente`` command line: Typer commands, each one library call and a readable print."""
