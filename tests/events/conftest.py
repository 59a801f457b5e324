# The same two offices and people of every role as the supervision tests.
from tests.supervision.conftest import people  # noqa: F401
