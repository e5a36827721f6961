"""Progress bars for long computations.

Bars appear in live sessions (a terminal or a notebook) and are switched
off by setting the environment variable ``KERNEL_HOPFIELD_PROGRESS=0``,
which the book build and the tests do so that bars never enter committed
notebook outputs or test logs.
"""

import os

from tqdm.auto import tqdm


def progress_enabled():
    """Return False when ``KERNEL_HOPFIELD_PROGRESS`` is set to ``0``."""
    return os.environ.get("KERNEL_HOPFIELD_PROGRESS", "1") != "0"


def progress_bar(iterable, total=None, desc=None):
    """Wrap ``iterable`` in a tqdm bar unless progress is switched off."""
    return tqdm(iterable, total=total, desc=desc, disable=not progress_enabled())
