"""sourcetrace: where did a war claim come from?

Reads conflict reporting, extracts who said what through whom with which evidence and
hedges, and links the same claim across outlets to count its independent origins.
"""

import logging

from sourcetrace.model import Document, Extraction, RawItem

__version__ = "0.1.0"
__all__ = ["Document", "Extraction", "RawItem", "__version__"]

logging.getLogger("sourcetrace").addHandler(logging.NullHandler())
