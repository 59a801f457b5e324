"""scripts/install_browser.sh, which `make test` and `.ci/run` run before the suite: it installs
what the browser tests need when it can, and otherwise says exactly what to run.

The system's tools are replaced by stand-ins on PATH (dpkg-query answering which packages are
installed, apt-get recording what it was asked, id giving the user), so no package is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install_browser.sh"
PACKAGES = "chromium fonts-noto-cjk chromium-l10n"


@pytest.fixture
def machine(tmp_path):
    """A fake machine: run(installed=..., uid=..., apt=...) runs the script on it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "cat", "chmod"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    chromium = tmp_path / "chromium"
    log = tmp_path / "apt.log"

    def stub(name: str, body: str) -> None:
        path = bin_dir / name
        path.write_text("#!" + shutil.which("bash") + "\n" + body)
        path.chmod(0o755)

    def run(*, installed: set[str], uid: int = 0, apt: bool = True):
        stub(
            "dpkg-query",
            'case " $INSTALLED " in *" ${@: -1} "*) echo -n "install ok installed";; '
            "*) exit 1;; esac\n",
        )
        stub("id", f"echo {uid}\n")
        # apt-get "installs" Chromium: afterwards the binary is there.
        stub(
            "apt-get",
            f'echo "$@" >> {log}\n'
            f'case " $* " in *" install "*) printf "#!/bin/sh\\necho Chromium 1" > {chromium}; '
            f"chmod +x {chromium};; esac\n",
        )
        if not apt:
            (bin_dir / "apt-get").unlink()
        if "chromium" in installed:
            chromium.write_text("#!/bin/sh\necho Chromium 1\n")
            chromium.chmod(0o755)
        env = {
            "PATH": str(bin_dir),
            "INSTALLED": " ".join(sorted(installed)),
            "E2E_CHROMIUM": str(chromium),
            "HOME": os.environ.get("HOME", "/root"),
        }
        result = subprocess.run(
            [shutil.which("bash"), str(SCRIPT)], env=env, capture_output=True, text=True
        )
        apt_calls = log.read_text().splitlines() if log.exists() else []
        return result, apt_calls

    return run


def test_everything_installed_does_nothing(machine):
    result, apt_calls = machine(installed={"chromium", "fonts-noto-cjk", "chromium-l10n"})
    assert result.returncode == 0, result.stderr
    assert "installed" in result.stdout
    assert apt_calls == []


def test_as_root_it_installs_the_three_packages(machine):
    result, apt_calls = machine(installed={"chromium"}, uid=0)
    assert result.returncode == 0, result.stderr
    assert "installing fonts-noto-cjk chromium-l10n" in result.stdout
    assert any(call.endswith("update -qq") for call in apt_calls)
    assert any(call.endswith(f"install -y -qq {PACKAGES}") for call in apt_calls)


def test_a_missing_chromium_is_installed_even_if_dpkg_does_not_know_it(machine):
    result, apt_calls = machine(installed=set(), uid=0)
    assert any("install" in call for call in apt_calls)
    assert result.returncode == 0, result.stderr
    assert "installed Chromium 1" in result.stdout


def test_without_root_it_fails_with_the_exact_command(machine):
    result, apt_calls = machine(installed={"chromium", "fonts-noto-cjk"}, uid=1000)
    assert result.returncode == 1
    assert apt_calls == []
    assert "missing chromium-l10n" in result.stderr
    assert f"sudo apt-get update && sudo apt-get install -y {PACKAGES}" in result.stderr


def test_without_apt_it_fails_saying_what_to_install(machine):
    result, _ = machine(installed=set(), uid=0, apt=False)
    assert result.returncode == 1
    assert "no apt-get" in result.stderr
    assert "E2E_CHROMIUM=/path/to/chromium make test" in result.stderr
