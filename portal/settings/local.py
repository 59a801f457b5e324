"""Development and the demo started by `make run`: every setting has a safe default."""

from .base import *  # noqa: F403
