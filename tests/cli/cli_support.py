"""Running the command line in process: exit code, stdout and stderr apart."""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from detente.cli.main import app

runner = CliRunner()


@dataclass(frozen=True)
class Run:
    code: int
    out: str  # stdout alone: what a pipe would get
    err: str

    @property
    def error_line(self) -> str:
        """The last line on stderr (the one-line error, when there is one)."""
        lines = self.err.strip().splitlines()
        return lines[-1] if lines else ""


def detente(*args: str) -> Run:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_one_line_error(run: Run, *words: str) -> None:
    """Exit 2, stdout empty, and stderr one line ``error: ... Fix: ...`` holding ``words``, no traceback."""
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("error: ") and " Fix: " in lines[0], lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
