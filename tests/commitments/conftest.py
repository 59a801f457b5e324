from tests.casework.conftest import private_media, world  # noqa: F401 (fixtures)
