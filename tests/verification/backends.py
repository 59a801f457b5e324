"""Verifier backends for tests, configured through VERIFIER_BACKEND like a production one."""

from __future__ import annotations

from verification.backends import BaseVerifier, Query, Result, VerifierUnavailable

asked: list[Query] = []


class DownVerifier(BaseVerifier):
    """A registry that refuses the connection."""

    def verify(self, query: Query) -> Result:
        asked.append(query)
        raise VerifierUnavailable("connection refused")


class TimingOutVerifier(BaseVerifier):
    """A registry that does not answer within `self.timeout` (as an HTTP client reports it)."""

    def verify(self, query: Query) -> Result:
        asked.append(query)
        raise TimeoutError(f"no answer within {self.timeout} s")


class BrokenVerifier(BaseVerifier):
    """A backend with a bug: not even a Result comes back."""

    def verify(self, query: Query) -> Result:
        asked.append(query)
        return {"confirmed": True}  # type: ignore[return-value]
