"""The dashboard's error answers: one JSON shape for every refused request, so the page can show what went wrong,
where and how to fix it beside the control that sent it.

``{"detail": one line, "what": ..., "where": ..., "fix": ..., "error": the error's class}``; for a request the API
could not read (a missing or mistyped field), ``detail`` stays FastAPI's list of problems and ``what``/``where``/
``fix`` describe the first one.
"""

from __future__ import annotations

from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError

from detente.errors import DetenteError


def error_body(err: DetenteError) -> dict[str, Any]:
    """A library error as the page shows it."""
    return {"detail": str(err), "what": err.what, "where": err.where, "fix": err.fix, "error": type(err).__name__}


def validation_body(err: RequestValidationError) -> dict[str, Any]:
    """A request the API could not read: FastAPI's problems, and the first one as what, where and fix."""
    problems = list(err.errors())
    first = problems[0] if problems else {"loc": (), "msg": "the request could not be read"}
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "the request"
    fix = f"give {where} as the API expects (see /api/openapi.json)"
    return {"detail": jsonable_encoder(problems), "what": str(first.get("msg", "")), "where": where, "fix": fix,
            "error": "RequestValidationError"}  # fmt: skip
