"""detente: reconstruct a multi-party conflict from news and forecast the negotiations around it.

The package is organised by stage; data flows one way::

    ingest -> extract -> model -> scenario -> bargain -> report / web

The command line (``detente``) is a thin layer over these modules.
"""

from detente.errors import DetenteError

__version__ = "0.1.0"

__all__ = ["DetenteError", "__version__"]
